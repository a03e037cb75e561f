package org.sealpost.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is and how to log in.
 *
 * @param jdbcUrl     {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 * @param user        user name, or null when the URL or driver supplies it
 * @param password    password, or null; never shown by {@link #toString()}
 * @param maxPoolSize maximum number of pooled connections, at least 1
 */
public record DatabaseConfig(String jdbcUrl, String user, char[] password, int maxPoolSize) {

    /** Pool size of {@link #embedded(Path)}: enough for a server's request threads on one H2 file. */
    public static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("the database URL is empty");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
        // A copy, so that a caller wiping its own array after use does not break a later open().
        password = password == null ? null : password.clone();
    }

    /**
     * The embedded H2 database {@code dataDir/db/sealpost} ({@code sealpost.mv.db} on disk).
     * {@code AUTO_SERVER=TRUE} lets a second process (a CLI command beside the running server)
     * open the same file: the first process to open it serves it to the others over a TCP
     * port it records in the lock file. A 10 s lock timeout lets concurrent writers of one row (the
     * audit chain head) wait for each other instead of failing after H2's default of 1 s.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("db").resolve("sealpost");
        if (file.toString().contains(";")) {
            // H2 reads everything after a ';' as settings.
            throw new IllegalArgumentException("the data directory path must not contain ';': " + dataDir);
        }
        String url = "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
        return new DatabaseConfig(url, "sa", EmbeddedCredentials.password(file.getParent()), DEFAULT_POOL_SIZE);
    }

    /** The same database with another pool size (a short command needs few connections, a server more). */
    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    /** The password (a copy), or null. */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** The dialect the URL selects. */
    public Dialect dialect() {
        return Dialect.of(jdbcUrl);
    }

    /** The URL with any credentials it contains replaced by {@code ***}, for messages and logs. */
    public String redactedUrl() {
        return JdbcUrls.redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + redactedUrl() + ", user=" + user
                + ", password=" + (password == null ? "(none)" : "***") + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
