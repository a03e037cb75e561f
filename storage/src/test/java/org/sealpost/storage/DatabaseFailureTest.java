package org.sealpost.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.testing.TestDatabase;

/** Failures an operator will meet: each a StorageException with a clear message and no password. */
class DatabaseFailureTest {
    private static final String SECRET = "Tr0ub4dor&3-secret";

    @Test
    void unreachableServerIsNamedWithoutThePassword() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/sealpost?password="
                + java.net.URLEncoder.encode(SECRET, java.nio.charset.StandardCharsets.UTF_8),
                "sealpost", SECRET.toCharArray(), 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot connect to jdbc:postgresql://127.0.0.1:1/sealpost?password=***: connection refused")
                .satisfies(e -> assertNoSecretAnywhere(e));
    }

    @Test
    void unknownHostIsNamed() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://no-such-host.invalid/sealpost", "sealpost", null, 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://no-such-host.invalid/sealpost: unknown host");
    }

    @Test
    void unsupportedUrlIsRefused() {
        DatabaseConfig config = new DatabaseConfig("jdbc:mysql://user:" + SECRET + "@db/sealpost", null, null, 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(StorageException.class)
                .hasMessage("unsupported database URL jdbc:mysql://***@db/sealpost: expected jdbc:h2:... or jdbc:postgresql://...");
    }

    @Test
    void wrongH2PasswordIsAnAuthenticationFailure(@TempDir Path dataDir) {
        try (Database db = Database.open(DatabaseConfig.embedded(dataDir))) {
            assertThat(db.dialect()).isEqualTo(Dialect.H2);
        }
        DatabaseConfig embedded = DatabaseConfig.embedded(dataDir);
        DatabaseConfig wrong = new DatabaseConfig(embedded.jdbcUrl(), "sa", SECRET.toCharArray(), 2);
        assertThatThrownBy(() -> Database.open(wrong))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot connect to " + embedded.jdbcUrl() + ": authentication failed for user sa")
                .satisfies(e -> assertNoSecretAnywhere(e));
    }

    @Test
    void wrongPostgresPasswordOrUserIsAnAuthenticationFailureOrRefusal() {
        // Trust authentication accepts any password, so use a role that does not exist.
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:5432/test", "no_such_role_" + System.nanoTime(),
                SECRET.toCharArray(), 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:5432/test: ")
                .satisfies(e -> assertNoSecretAnywhere(e));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aSchemaFlywayDoesNotKnowIsAFailedMigration(TestDatabase testDb) throws Exception {
        DatabaseConfig config = testDb.config();
        // Someone else's table in the schema, and no Flyway history: Flyway refuses to guess.
        String password = config.password() == null ? "" : new String(config.password());
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE not_ours (id INTEGER)");
        }
        assertThatThrownBy(testDb::open)
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("database migration failed on " + config.redactedUrl() + ": ")
                .hasMessageContaining("non-empty schema");
    }

    @Test
    void anH2FileHeldExclusivelyByAnotherProcessIsReportedAsLocked(@TempDir Path dataDir) throws Exception {
        String exclusiveUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db/sealpost");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldingProcess.class.getName(), exclusiveUrl)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("holding");
            DatabaseConfig config = DatabaseConfig.embedded(dataDir);
            assertThatThrownBy(() -> Database.open(config))
                    .isInstanceOf(StorageException.class)
                    .hasMessage("cannot connect to " + config.jdbcUrl()
                            + ": the database file is locked by another process (use AUTO_SERVER=TRUE to share it)");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
    }

    @Test
    void configToStringHidesThePassword() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://db/sealpost?sslpassword=" + SECRET, "sealpost",
                SECRET.toCharArray(), 4);
        assertThat(config.toString()).doesNotContain(SECRET).contains("password=***").contains("sslpassword=***");
        assertThat(config.password()).isEqualTo(SECRET.toCharArray());
    }

    @Test
    void embeddedIsAnH2FileUnderTheDataDirectoryThatOtherProcessesCanShare(@TempDir Path dataDir) {
        DatabaseConfig config = DatabaseConfig.embedded(dataDir);
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db/sealpost"))
                .contains(";AUTO_SERVER=TRUE");
        assertThat(config.dialect()).isEqualTo(Dialect.H2);
        try (Database db = Database.open(config)) {
            assertThat(db.dialect()).isEqualTo(Dialect.H2);
            assertThat(dataDir.resolve("db/sealpost.mv.db")).exists();
        }
    }

    private static void assertNoSecretAnywhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET).doesNotContain("Tr0ub4dor");
        }
    }
}
