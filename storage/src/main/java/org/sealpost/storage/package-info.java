/**
 * Storage shared by every Sealpost component: a pooled JDBC {@link org.sealpost.storage.Database}
 * (embedded H2 by default, PostgreSQL in production), schema migrations run by Flyway from
 * {@code classpath:db/migration} (storage owns versions V1 to V9, the CA V10 and up), and the
 * hash-chained audit log in {@link org.sealpost.storage.audit}.
 */
package org.sealpost.storage;
