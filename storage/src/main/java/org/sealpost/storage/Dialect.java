package org.sealpost.storage;

/** The SQL databases Sealpost runs on. Code that needs dialect-specific SQL switches on this. */
public enum Dialect {
    /** Embedded H2 (the default, a file under the data directory). */
    H2,
    /** PostgreSQL (production). */
    POSTGRESQL;

    /** The dialect a JDBC URL selects, or a {@link StorageException} naming the unsupported URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StorageException("unsupported database URL " + JdbcUrls.redact(jdbcUrl)
                + ": expected jdbc:h2:... or jdbc:postgresql://...");
    }
}
