package org.sealpost.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * An open, migrated database: a HikariCP connection pool over H2 or PostgreSQL.
 *
 * <p>{@link #open(DatabaseConfig)} runs every Flyway migration found under
 * {@code classpath:db/migration} before returning, so callers always see the current schema. Each
 * module ships its migrations under that path in its own jar and the version numbers are global:
 * storage owns V1 to V9, the CA V10 and up. Migrations newer than the ones on the classpath (a
 * database already used by a newer build, or by a module this process lacks) are tolerated.
 *
 * <p>Thread-safe; one instance per process and data directory is enough.
 */
public final class Database implements AutoCloseable {
    /** Where every module's migrations live inside its jar. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private final HikariDataSource pool;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /**
     * Connects, creates the pool and migrates the schema.
     *
     * @throws StorageException when the database cannot be reached or opened, or a migration fails;
     *                          the message names the URL without credentials
     */
    public static Database open(DatabaseConfig config) {
        Dialect dialect = config.dialect();
        HikariDataSource pool = connect(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            String message = "database migration failed on " + config.redactedUrl() + ": " + FailureReasons.firstLine(e.getMessage());
            throw new StorageException(FailureReasons.withoutSecret(message, config.password()), e);
        }
        return new Database(pool, dialect);
    }

    private static HikariDataSource connect(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sealpost-db");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        char[] password = config.password();
        if (password != null) {
            // Hikari only takes a String; it lives as long as the pool, which needs it to reconnect.
            hikari.setPassword(new String(password));
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(10_000);
        // Fail in open(), with the reason, rather than on the first query.
        hikari.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            String message = "cannot connect to " + config.redactedUrl() + ": " + FailureReasons.connectFailure(e, config.user());
            throw new StorageException(FailureReasons.withoutSecret(message, password), stripped(e, password));
        }
    }

    /**
     * The cause to attach, or none when its text would reveal the password (some drivers echo the
     * connection properties in their messages).
     */
    private static Throwable stripped(Throwable e, char[] password) {
        if (password == null || password.length == 0) {
            return e;
        }
        String secret = new String(password);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(secret)) {
                return null;
            }
        }
        return e;
    }

    /** The pooled data source; connections are in auto-commit mode unless the caller changes it. */
    public DataSource dataSource() {
        return pool;
    }

    /** Which database this is. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws
     * anything. An {@link SQLException} comes out wrapped in a {@link StorageException}; unchecked
     * exceptions and errors come out unchanged.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
            // The pool restores auto-commit when the connection is returned.
            return result;
        } catch (SQLException e) {
            throw new StorageException("database error: " + FailureReasons.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs {@code work} as {@link #inTransaction} does, and returns only once the commit is in the
     * database file, so that it survives the process being killed. PostgreSQL commits are durable
     * anyway. H2 keeps commits in memory and writes them to its file up to a second later (its
     * {@code WRITE_DELAY}); a process killed meanwhile loses them. For writes that are reported to
     * someone else as done (a vault acknowledging a share, a key reported as created). Each one costs
     * H2 a write of its store, a few KB of file growth that H2 only partly reuses, so ordinary writes
     * do not use this. On H2 it needs an admin user (the embedded database's is).
     */
    public <T> T inDurableTransaction(SqlWork<T> work) {
        T result = inTransaction(work);
        if (dialect == Dialect.H2) {
            inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    // Writes every committed change to the file now (MVStore commit); no fsync.
                    s.execute("CHECKPOINT");
                }
                return null;
            });
        }
        return result;
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            // The original failure matters more; a dead connection is discarded by the pool anyway.
            cause.addSuppressed(e);
        }
    }

    /** Closes the pool. Safe to call more than once. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + dialect + ", " + JdbcUrls.redact(pool.getJdbcUrl()) + "]";
    }
}
