package org.sealpost.server.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.DatabaseConfig;

/**
 * Which database to use, as configured: the embedded H2 file under the data directory, or a JDBC URL
 * with a user and the name of the environment variable holding the password (never the password).
 *
 * @param url         a JDBC URL; empty for the embedded database
 * @param user        the user for {@code url}
 * @param passwordEnv the environment variable holding the password for {@code url}; when empty,
 *                    {@value #DEFAULT_PASSWORD_ENV} is used if it is set
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> passwordEnv) {
    /** The variable read for the database password when no other is named. */
    public static final String DEFAULT_PASSWORD_ENV = "SEALPOST_DB_PASSWORD";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
    }

    /**
     * The database to open. The embedded one is {@link DatabaseConfig#embedded} (which creates its
     * credentials file on first use).
     *
     * @param environment where the password variable is looked up
     * @throws ConfigException when the named password variable is not set
     */
    public DatabaseConfig config(Path dataDir, Map<String, String> environment, int maxPoolSize) {
        if (url.isEmpty()) {
            return DatabaseConfig.embedded(dataDir).withMaxPoolSize(maxPoolSize);
        }
        String password = passwordEnv.isPresent() ? required(environment, passwordEnv.get()) : environment.get(DEFAULT_PASSWORD_ENV);
        return new DatabaseConfig(url.get(), user.orElse(null), password == null ? null : password.toCharArray(), maxPoolSize);
    }

    private static String required(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null) {
            throw new ConfigException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
