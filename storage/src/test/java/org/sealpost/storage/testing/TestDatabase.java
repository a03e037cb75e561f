package org.sealpost.storage.testing;

import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.Dialect;

/**
 * A throwaway database for one test: an H2 file in a temporary directory, or a fresh schema on the
 * test PostgreSQL server. Nothing is created until {@link #config()} or {@link #open()} is first
 * called; {@link #close()} closes every {@link Database} opened through it and deletes the
 * directory or drops the schema. See {@link TestDatabases} for how to get one.
 */
public sealed interface TestDatabase extends AutoCloseable permits H2TestDatabase, PostgresTestDatabase {

    /** Which database this is. */
    Dialect dialect();

    /**
     * The configuration of this test database, created on first call. For PostgreSQL this skips
     * the test (or fails it when {@code sealpost.requirePostgres=true}) if the server is unreachable.
     */
    DatabaseConfig config();

    /** Opens (and migrates) the database; closed by {@link #close()}. May be called more than once, for independent pools. */
    Database open();

    /** Closes what {@link #open()} returned and removes the database. */
    @Override
    void close();
}
