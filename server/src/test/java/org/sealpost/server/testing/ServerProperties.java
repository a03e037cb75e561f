package org.sealpost.server.testing;

import java.util.Properties;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.testing.TestDatabase;

/** A server configuration file's contents for tests. */
public final class ServerProperties {
    private ServerProperties() {
    }

    /**
     * The database as an operator configures PostgreSQL (URL and user in the file, the password in
     * the environment as {@code SEALPOST_DB_PASSWORD}), listening on a free port.
     */
    public static Properties databaseOf(TestDatabase testDb) {
        DatabaseConfig db = testDb.config();
        Properties config = new Properties();
        config.setProperty(ConfigKeys.DB_URL, db.jdbcUrl());
        if (db.user() != null) {
            config.setProperty(ConfigKeys.DB_USER, db.user());
        }
        config.setProperty(ConfigKeys.LISTEN_PORT, "0");
        return config;
    }
}
