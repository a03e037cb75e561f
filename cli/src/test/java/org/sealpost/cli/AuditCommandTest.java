package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * The audit commands:
 *
 * <pre>
 * sealpost audit verify --data DIR [--db-url URL --db-user U --db-password-env VAR] [--json]
 * sealpost audit tail   --data DIR [db options] [-n N] [--json]
 * </pre>
 *
 * verify exits 0 when the chain is intact, 1 when it is broken (the first broken record is named),
 * 2 when the database cannot be opened (one "sealpost: " line, no stack trace).
 */
class AuditCommandTest {
    @TempDir
    Path data;

    private List<AuditRecord> writeRecords(DatabaseConfig config, int n) {
        try (Database db = Database.open(config)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            for (int i = 1; i <= n; i++) {
                log.append(new AuditEvent("operator", "certificate.issue", "serial " + i, i == 2 ? "line one\nline two" : "{\"n\":" + i + "}"));
            }
            return log.tail(n);
        }
    }

    private static void sql(DatabaseConfig config, String sql) throws Exception {
        try (Database db = Database.open(config); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void verifyReportsAnIntactChainWithItsHead() {
        List<AuditRecord> records = writeRecords(DatabaseConfig.embedded(data), 3);
        Result r = run("audit", "verify", "--data", data);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo("audit log intact: 3 records, head " + records.get(2).hash());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void verifyReportsTheFirstTamperedRecordWithExitOne() throws Exception {
        DatabaseConfig config = DatabaseConfig.embedded(data);
        writeRecords(config, 5);
        sql(config, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2");
        sql(config, "DELETE FROM audit_log WHERE seq = 4");

        Result r = run("audit", "verify", "--data", data);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out().strip()).isEqualTo("audit log broken at record 2: record 2 does not match its hash (content altered)");
        assertThat(r.errLines()).containsExactly("sealpost: audit log broken at record 2");

        Result json = run("audit", "verify", "--data", data, "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.FAILED);
        JsonNode node = json.json();
        assertThat(node.get("intact").asBoolean()).isFalse();
        assertThat(node.get("brokenAt").asLong()).isEqualTo(2);
        assertThat(node.get("reason").asText()).contains("record 2");
    }

    @Test
    void verifyJsonOfAnIntactChain() throws Exception {
        List<AuditRecord> records = writeRecords(DatabaseConfig.embedded(data), 2);
        Result r = run("audit", "verify", "--data", data, "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().get("intact").asBoolean()).isTrue();
        assertThat(r.json().get("records").asLong()).isEqualTo(2);
        assertThat(r.json().get("headHash").asText()).isEqualTo(records.get(1).hash());
    }

    @Test
    void tailPrintsTheLastRecordsOneLineEach() throws Exception {
        writeRecords(DatabaseConfig.embedded(data), 4);
        Result r = run("audit", "tail", "--data", data, "-n", "3");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("2  ").contains("  operator  certificate.issue  serial 2  line one\\nline two");
        assertThat(lines.get(2)).startsWith("4  ").endsWith("{\"n\":4}");

        Result json = run("audit", "tail", "--data", data, "-n", "2", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode array = json.json();
        assertThat(array).hasSize(2);
        assertThat(array.get(0).get("seq").asLong()).isEqualTo(3);
        assertThat(array.get(1).get("details").asText()).isEqualTo("{\"n\":4}");
        assertThat(array.get(1).get("prevHash").asText()).isEqualTo(array.get(0).get("hash").asText());
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitTwo() throws Exception {
        Result r = run("audit", "verify", "--data", data, "--db-url", "jdbc:postgresql://127.0.0.1:1/sealpost",
                "--db-user", "sealpost", "--db-password-env", CliFixture.PASSWORD_ENV);
        assertFailed(r, null, ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("sealpost: cannot connect to jdbc:postgresql://127.0.0.1:1/sealpost: connection refused\n");
        if (CliFixture.passwordsAvailable()) {
            assertThat(r.err()).doesNotContain(System.getenv(CliFixture.PASSWORD_ENV));
        }

        Result tail = run("audit", "tail", "--data", data, "--db-url", "jdbc:postgresql://127.0.0.1:1/sealpost");
        assertFailed(tail, null, ExitCodes.USAGE);
    }

    @Test
    void aMissingEmbeddedDatabaseIsNotCreated() throws Exception {
        Result r = run("audit", "verify", "--data", data.resolve("typo"));
        assertFailed(r, null, ExitCodes.USAGE);
        assertThat(r.err()).contains("no database in");
        assertThat(data.resolve("typo")).doesNotExist();
    }

    @Test
    void anUnsetPasswordVariableIsAUsageError() throws Exception {
        Result r = run("audit", "verify", "--data", data, "--db-url", "jdbc:postgresql://127.0.0.1:5432/test",
                "--db-password-env", "SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertFailed(r, null, ExitCodes.USAGE);
        assertThat(r.err()).contains("SEALPOST_TEST_NO_SUCH_VARIABLE is not set");
    }

    @Test
    void dataIsRequired() throws Exception {
        assertFailed(run("audit", "verify"), null, ExitCodes.USAGE);
    }

    @Test
    void verifiesAPostgresqlDatabaseGivenByUrl() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres()) {
            DatabaseConfig config = pg.config();
            List<AuditRecord> records = writeRecords(config, 2);
            Result r = run("audit", "verify", "--data", data, "--db-url", config.jdbcUrl(), "--db-user", config.user());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out().strip()).isEqualTo("audit log intact: 2 records, head " + records.get(1).hash());

            sql(config, "UPDATE audit_log SET prev_hash = '" + "0".repeat(64) + "' WHERE seq = 2");
            Result broken = run("audit", "verify", "--data", data, "--db-url", config.jdbcUrl(), "--db-user", config.user());
            assertThat(broken.exit()).as(broken.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(broken.out()).startsWith("audit log broken at record 2: record 2 does not link to record 1");
        }
    }
}
