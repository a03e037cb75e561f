package org.sealpost.storage.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: {@code jdbc:postgresql://127.0.0.1:5432/test} as user
 * {@code postgres} with trust authentication, unless the system properties
 * {@code sealpost.postgresUrl}, {@code sealpost.postgresUser} or the environment variable
 * {@code SEALPOST_TEST_PG_PASSWORD} say otherwise.
 */
final class PostgresServer {
    /** The one test server; probed once per JVM, on first use. */
    static PostgresServer instance() {
        return Holder.INSTANCE;
    }

    private final String url;
    private final String user;
    private final String password;
    private final Optional<String> unreachable;

    private PostgresServer(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.unreachable = probe();
    }

    String user() {
        return user;
    }

    char[] password() {
        return password == null ? null : password.toCharArray();
    }

    String url() {
        return url;
    }

    /** The server URL with one more query parameter. */
    String urlWith(String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    Connection adminConnection() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        // A stopped server must not stall every test for the driver's default timeout.
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, props);
    }

    /** Returns when the server answers; otherwise skips the test, or fails it when PostgreSQL is mandatory. */
    void requireReachable() {
        if (unreachable.isEmpty()) {
            return;
        }
        String what = "PostgreSQL at " + url + " is not reachable (" + unreachable.get() + ")";
        if (TestDatabases.postgresRequired()) {
            fail(what + " (mandatory: sealpost.requirePostgres=true)");
        }
        System.err.println("NOTICE: " + what + ": PostgreSQL test skipped. Run .ci/run to make it mandatory.");
        Assumptions.abort("NOTICE: " + what);
    }

    private Optional<String> probe() {
        try (Connection c = adminConnection()) {
            return c.isValid(3) ? Optional.empty() : Optional.of("connection not valid");
        } catch (SQLException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return Optional.of(m);
        }
    }

    /** Lazy, thread-safe, computed once: the JVM's class initialization does the locking. */
    private static final class Holder {
        static final PostgresServer INSTANCE = new PostgresServer(
                System.getProperty("sealpost.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("sealpost.postgresUser", "postgres"),
                System.getenv("SEALPOST_TEST_PG_PASSWORD"));
    }
}
