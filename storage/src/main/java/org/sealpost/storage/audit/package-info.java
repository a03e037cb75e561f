/**
 * The audit log: an append-only table in which every record carries the SHA-256 hash of its own
 * content and of the previous record's hash, so that editing, deleting or reordering records
 * breaks the chain where it happened. {@link org.sealpost.storage.audit.AuditLog} appends and
 * verifies; {@link org.sealpost.storage.audit.ChainHash} defines the hashed encoding.
 */
package org.sealpost.storage.audit;
