package org.sealpost.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.testing.TestDatabase;

/**
 * Several processes appending to one database at once (a CLI command beside the running server).
 * On H2 this is also the proof that {@code AUTO_SERVER=TRUE} lets a second process open the file
 * the first one holds.
 */
class TwoProcessAuditTest {
    private static final int PER_PROCESS = 30;

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void appendsFromThisAndTwoOtherProcessesFormOneChain(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        DatabaseConfig config = testDb.config();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        log.append(new AuditEvent("parent", "test.start", "", ""));

        List<Process> children = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            children.add(start(config, "child-" + i));
        }
        for (int i = 0; i < PER_PROCESS; i++) {
            log.append(new AuditEvent("parent", "test.append", "record " + i, ""));
        }
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child process finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("appended " + PER_PROCESS);
        }

        AuditVerification result = log.verify();
        assertThat(result).isInstanceOf(AuditVerification.Intact.class);
        assertThat(((AuditVerification.Intact) result).records()).isEqualTo(1 + 3 * PER_PROCESS);
        assertThat(log.tail(1 + 3 * PER_PROCESS).stream().map(AuditRecord::actor).distinct())
                .containsExactlyInAnyOrder("parent", "child-1", "child-2");
    }

    private static Process start(DatabaseConfig config, String actor) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendingProcess.class.getName(), config.jdbcUrl(), config.user(), Integer.toString(PER_PROCESS), actor)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (config.password() != null) {
            // The embedded database's password, as the child would read it from its environment.
            builder.environment().put(AppendingProcess.PASSWORD_VARIABLE, new String(config.password()));
        }
        return builder.start();
    }
}
