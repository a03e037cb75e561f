package org.sealpost.storage.testing;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Throwaway databases for JUnit 5 tests, so that one test class runs on both H2 and PostgreSQL.
 *
 * <p>Use {@link #all()} as the source of a parameterized test; the {@link TestDatabase} is closed
 * (pools closed, H2 directory deleted, PostgreSQL schema dropped) by JUnit after each invocation,
 * because parameterized tests close {@link AutoCloseable} arguments:
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
 * void issuesAndAudits(TestDatabase testDb) {
 *     Database db = testDb.open();          // migrated: every module's db/migration on the classpath
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #h2()} and {@link #postgres()} give one kind (close them yourself, e.g. with
 * try-with-resources). H2 is an embedded file database in a temporary data directory, opened
 * exactly as production opens it ({@link org.sealpost.storage.DatabaseConfig#embedded}).
 * PostgreSQL is a fresh schema {@code t_<random>} on {@code jdbc:postgresql://127.0.0.1:5432/test}
 * (user {@code postgres}, trust authentication; override with the system properties
 * {@code sealpost.postgresUrl} and {@code sealpost.postgresUser}, and the environment variable
 * {@code SEALPOST_TEST_PG_PASSWORD}), created when the test first asks for it and dropped after.
 *
 * <p>When the server is unreachable, PostgreSQL tests are skipped with a {@code NOTICE:} line, unless
 * the system property {@code sealpost.requirePostgres} (or the environment variable
 * {@code SEALPOST_REQUIRE_POSTGRES}) is {@code true}, as under {@code .ci/run}: then they fail.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** An H2 and a PostgreSQL test database, named for test reports. */
    public static Stream<Named<TestDatabase>> all() {
        return Stream.of(new NamedDatabase("H2", h2()), new NamedDatabase("PostgreSQL", postgres()));
    }

    /** An embedded H2 database in a temporary data directory. */
    public static TestDatabase h2() {
        return new H2TestDatabase();
    }

    /** A fresh schema on the test PostgreSQL server. */
    public static TestDatabase postgres() {
        return new PostgresTestDatabase(PostgresServer.instance());
    }

    /**
     * A named argument that JUnit closes after the invocation: JUnit closes the {@link AutoCloseable}
     * arguments as given, not their payloads, and {@link Named#of} is not closeable.
     */
    private record NamedDatabase(String getName, TestDatabase getPayload) implements Named<TestDatabase>, AutoCloseable {
        @Override
        public void close() {
            getPayload.close();
        }

        @Override
        public String toString() {
            return getName;
        }
    }

    /** Whether an unreachable PostgreSQL server fails tests instead of skipping them. */
    public static boolean postgresRequired() {
        return Boolean.getBoolean("sealpost.requirePostgres")
                || "true".equalsIgnoreCase(System.getenv("SEALPOST_REQUIRE_POSTGRES"));
    }
}
