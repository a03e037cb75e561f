package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.testing.RunningVaults;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.testing.TestDatabase;

/**
 * {@code sealpost server} configured by a file, environment variables and flags: what wins, what a
 * wrong setting says, and a server whose key service uses two vaults in their own HTTP servers.
 */
class ServerConfigCommandTest {
    @TempDir
    Path work;

    private RunningVaults vaults;

    @AfterEach
    void stopVaults() {
        if (vaults != null) {
            vaults.close();
        }
    }

    @Test
    void wrongSettingsAreOneLineUsageErrorsThatCreateNothing() throws Exception {
        Path data = work.resolve("never-created");
        Path token = privateFile("a.token", "t0ken");
        String twoVaults = "kms.vaults = a,b\nkms.vault.a.url = http://127.0.0.1:8701\nkms.vault.a.token-file = " + token
                + "\nkms.vault.b.url = http://127.0.0.1:8702\n";
        Map<String, String> cases = Map.of(
                "kms.treshold = 2\n", "unknown setting 'kms.treshold' in %s (did you mean kms.threshold?)",
                "kms.pool.size = many\n", "kms.pool.size = 'many' (in %s): not a whole number",
                twoVaults + "kms.vault.b.token-file = missing.token\n",
                "kms.vault.b.token-file = 'missing.token' (in %s): " + work.resolve("missing.token") + ": no such token file",
                twoVaults + "kms.vault.b.token-file = " + token + "\nkms.threshold = 3\n",
                "kms.threshold = '3' (in %s): more than the 2 vaults configured (a,b): no key could ever be rebuilt");
        for (var c : cases.entrySet()) {
            Path file = Files.writeString(work.resolve("sealpost.properties"), c.getKey());
            for (String check : new String[] {"--check-config", "--port=0"}) {
                Result r = run("server", "--data", data, "--config", file, check);
                assertFailed(r, null, 2);
                assertThat(r.err()).isEqualTo("sealpost: " + c.getValue().formatted(file) + System.lineSeparator());
                assertThat(data).as("no data directory for a refused configuration").doesNotExist();
            }
        }
        Result missing = run("server", "--data", data, "--config", work.resolve("nope.properties"));
        assertFailed(missing, null, 2);
        assertThat(missing.err()).contains(work.resolve("nope.properties") + ": no such configuration file");
    }

    @Test
    void theDataDirectorysFileIsReadWhenNoneIsNamed() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path file = Files.writeString(data.resolve("sealpost.properties"), "kms.threshold = 2\nkms.embedded.count = 3\n");
        Result r = run("server", "--data", data, "--check-config");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("kms.embedded.count = 3  (in " + file.toAbsolutePath() + ")", "configuration OK");

        Files.writeString(file, "kms.embeded.count = 3\n");
        Result typo = run("server", "--data", data, "--port", "0");
        assertFailed(typo, null, 2);
        assertThat(typo.err()).contains("unknown setting 'kms.embeded.count' in " + file.toAbsolutePath(), "did you mean kms.embedded.count?");
    }

    /** In its own process, to give it an environment: the environment wins over the file, flags over both. */
    @Test
    void theEnvironmentWinsOverTheFileAndFlagsWinOverTheEnvironment() throws Exception {
        Path file = Files.writeString(work.resolve("sealpost.properties"), """
                listen.port = 5000
                listen.host = 127.0.0.2
                kms.embedded.count = 3
                kms.threshold = 2
                db.url = jdbc:postgresql://file.example/sealpost
                """);
        Process p = java(Map.of("SEALPOST_LISTEN_PORT", "6000", "SEALPOST_KMS_THRESHOLD", "3",
                        "SEALPOST_DB_URL", "jdbc:postgresql://env.example/sealpost", "SEALPOST_DB_USER", "env-user"),
                "server", "--data", work.resolve("data").toString(), "--config", file.toString(), "--check-config",
                "--port", "7000", "--db-url", "jdbc:postgresql://flag.example/sealpost");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(
                "listen.port = 7000  (on the command line)",
                "listen.host = 127.0.0.2  (in " + file.toAbsolutePath() + ")",
                "kms.threshold = 3  (from environment variable SEALPOST_KMS_THRESHOLD)",
                "kms.embedded.count = 3  (in " + file.toAbsolutePath() + ")",
                "db.url = jdbc:postgresql://flag.example/sealpost  (on the command line)",
                "db.user = env-user  (from environment variable SEALPOST_DB_USER)",
                "kms.vaults = embedded  (default)",
                "configuration OK");
        assertThat(work.resolve("data")).as("--check-config starts nothing").doesNotExist();
    }

    /** The production topology by configuration only: the database by URL, two vaults in their own HTTP servers. */
    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aServerWithTwoVaultsInTheirOwnProcessesPrintsItsTopology(TestDatabase testDb) throws Exception {
        DatabaseConfig db = testDb.config();
        Properties config = new Properties();
        // H2: the embedded default under --data; PostgreSQL: by URL (trust authentication, no password).
        if (testDb.dialect() == org.sealpost.storage.Dialect.POSTGRESQL) {
            config.setProperty("db.url", db.jdbcUrl());
            config.setProperty("db.user", db.user());
        }
        config.setProperty("kms.pool.size", "0");
        vaults = new RunningVaults(work).start("a", "b");
        vaults.configure(config);
        String token = Files.readString(vaults.tokenFile("a")).strip();
        Path file = work.resolve("sealpost.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            config.store(w, null);
        }
        Path data = work.resolve("data");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread server = new Thread(() -> exit[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "server", "--data", data.toString(), "--config", file.toString(), "--port", "0"), "server-command");
        server.start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(m = listening.matcher(out.toString())).find() || !out.toString().contains("    b: ")) {
                assertThat(server.isAlive()).as("server stopped early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("server start: " + out + err).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(out.toString()).contains("  key service:     2-of-2, vaults in their own processes",
                    "    a: " + vaults.vaultId("a") + " at " + vaults.url("a"),
                    "    b: " + vaults.vaultId("b") + " at " + vaults.url("b"));
            assertThat(out.toString() + err).doesNotContain(token);
            assertThat(data.resolve("vaults")).as("no embedded vaults").doesNotExist();

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode keys = new ObjectMapper().readTree(health.body()).path("components").path("keys");
            assertThat(keys.path("detail").asText()).isEqualTo("2-of-2: all 2 vaults reachable");
            assertThat(new ObjectMapper().readTree(health.body()).path("components").path("database").path("detail").asText())
                    .isEqualTo(testDb.dialect().name().toLowerCase(java.util.Locale.ROOT));
        } finally {
            server.interrupt();
            server.join(Duration.ofSeconds(30));
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(exit[0]).as(out + "\n" + err).isZero();
    }

    private Path privateFile(String name, String content) throws Exception {
        Path file = Files.createFile(work.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }

    private static Process java(Map<String, String> environment, String... args) throws Exception {
        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.sealpost.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SEALPOST_"));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
