package org.sealpost.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.testing.TestDatabase;

/**
 * {@link Database#inDurableTransaction}: what a killed process reported as committed is there when the
 * database is opened again. Without it H2 lost up to a second of commits on a SIGKILL (found by the
 * key service's crash test).
 */
class DurableCommitTest {
    private static final int COMMITS_BEFORE_THE_KILL = 200;
    private static final Pattern COMMITTED = Pattern.compile("committed (\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void commitsReportedByAKilledProcessSurvive(TestDatabase testDb) throws Exception {
        DatabaseConfig config = testDb.config();
        try (Database db = Database.open(config); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE durable_probe (id INTEGER PRIMARY KEY)");
        }
        // Closed again: the child must own the H2 file, or its writes would go through this JVM.
        Path stderr = dir.resolve("child.err");
        Process child = start(config, stderr);
        int lastReported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && lastReported < COMMITS_BEFORE_THE_KILL; line = out.readLine()) {
                lastReported = reported(line, lastReported);
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child died").isTrue();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lastReported = reported(line, lastReported);
            }
        }
        assertThat(lastReported).as(() -> "commits the child reported; its stderr: " + read(stderr))
                .isGreaterThanOrEqualTo(COMMITS_BEFORE_THE_KILL);

        try (Database db = Database.open(config)) {
            assertThat(DatabaseTest.count(db, "SELECT COUNT(*) FROM durable_probe")).isGreaterThanOrEqualTo(lastReported);
            assertThat(DatabaseTest.count(db, "SELECT MAX(id) FROM durable_probe")).isGreaterThanOrEqualTo(lastReported);
        }
    }

    /** The id of a complete {@code committed <id>} line, else {@code last} (the kill may cut the last line). */
    private static int reported(String line, int last) {
        Matcher m = COMMITTED.matcher(line);
        return m.matches() ? Integer.parseInt(m.group(1)) : last;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable)";
        }
    }

    private static Process start(DatabaseConfig config, Path stderr) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurableWritingProcess.class.getName(), config.jdbcUrl(), config.user())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (config.password() != null) {
            builder.environment().put(DurableWritingProcess.PASSWORD_VARIABLE, new String(config.password()));
        }
        return builder.start();
    }
}
