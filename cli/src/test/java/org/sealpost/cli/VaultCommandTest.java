package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.VaultUnavailableException;

/** {@code sealpost vault init --data DIR} and {@code sealpost vault --data DIR --port P}. */
class VaultCommandTest {
    @TempDir
    Path data;

    @Test
    void helpDescribesBothCommands() {
        Result r = run("vault", "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--data", "--port", "--host", "--db-url", "--pin-env", "init");
        Result init = run("vault", "init", "--help");
        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(init.out()).contains("--data", "--pkcs11-library", "--pkcs11-slot", "--pin-env");
    }

    @Test
    void initWritesTheVaultFilesWithOwnerOnlyModesAndRefusesASecondRun() throws Exception {
        Result r = run("vault", "init", "--data", data);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        Path dir = data.resolve("vault");
        String token = Files.readString(dir.resolve("client-token")).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.out()).contains("Created vault", dir.resolve("client-token").toString(), "kek.key")
                .doesNotContain(token);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("kek.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("client-token"))).isEqualTo("rw-------");
        assertThat(Files.size(dir.resolve("kek.key"))).isEqualTo(32);
        assertThat(Files.readString(dir.resolve("vault.properties"))).contains("vault.id=", "kek.type=file")
                .doesNotContain(token);
        byte[] key = Files.readAllBytes(dir.resolve("kek.key"));

        Result again = run("vault", "init", "--data", data);
        assertFailed(again, null, 2);
        assertThat(again.err()).contains("a vault already exists");
        assertThat(Files.readAllBytes(dir.resolve("kek.key"))).as("the key is not replaced").isEqualTo(key);
        assertThat(Files.readString(dir.resolve("client-token")).strip()).isEqualTo(token);
    }

    @Test
    void badCommandLinesAreUsageErrors() throws Exception {
        Path none = data.resolve("none");
        assertFailed(run("vault", "init"), null, 2);
        assertFailed(run("vault", "init", "--data", none, "--pkcs11-slot", "1"), null, 2);
        Result noPin = run("vault", "init", "--data", none, "--pkcs11-library", "/usr/lib/softhsm/libsofthsm2.so",
                "--pin-env", "SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertFailed(noPin, null, 2);
        assertThat(noPin.err()).contains("SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertThat(none).doesNotExist();

        Result noData = run("vault", "--port", "0");
        assertFailed(noData, null, 2);
        assertThat(noData.err()).contains("--data");
        Result badPort = run("vault", "--data", data, "--port", "70000");
        assertFailed(badPort, null, 2);
        assertThat(badPort.err()).contains("70000");
        Result notInitialised = run("vault", "--data", data, "--port", "0");
        assertFailed(notInitialised, null, 2);
        assertThat(notInitialised.err()).contains("no vault in", "sealpost vault init");
    }

    @Test
    void aKeyFileOthersMayReadStopsTheVaultFromStarting() throws Exception {
        assertThat(run("vault", "init", "--data", data).exit()).isZero();
        Path key = data.resolve("vault").resolve("kek.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = run("vault", "--data", data, "--port", "0");
        assertFailed(r, null, 2);
        assertThat(r.err()).contains("refusing to use the key file", "chmod 600");
    }

    @Test
    void theVaultCommandServesSharesToTheTokenHolderAndStopsWhenInterrupted() throws Exception {
        assertThat(run("vault", "init", "--data", data).exit()).isZero();
        char[] token = Files.readString(data.resolve("vault").resolve("client-token")).strip().toCharArray();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread vault = new Thread(() -> exit[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "vault", "--data", data.toString(), "--port", "0"), "vault-command");
        vault.start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(m = listening.matcher(out.toString())).find()) {
                assertThat(vault.isAlive()).as("vault stopped early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("vault start within 60 s: " + out + err).isLessThan(deadline);
                Thread.sleep(50);
            }
            String base = m.group(1);
            assertThat(data.resolve("vault").resolve("db").resolve("sealpost.mv.db")).as("its own database").exists();
            assertThat(data.resolve("db")).doesNotExist();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");

            HttpVaultClient client = new HttpVaultClient(URI.create(base), token, http);
            assertThat(out.toString()).contains(client.vaultId());
            client.put("cli-key", new byte[] {1, 2, 3});
            assertThat(client.get("cli-key")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));

            // Anyone else is refused, and the refusal is logged without the credential.
            java.io.PrintStream realErr = System.err;
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                HttpVaultClient intruder = new HttpVaultClient(URI.create(base), "guessed-token-1234".toCharArray(), http);
                assertThatThrownBy(() -> intruder.get("cli-key")).isInstanceOf(VaultUnavailableException.class);
            } finally {
                System.setErr(realErr);
            }
            String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(logged).contains("refused GET /v1/shares/cli-key", "wrong credential")
                    .doesNotContain("guessed-token-1234");
        } finally {
            vault.interrupt();
            vault.join(Duration.ofSeconds(30));
        }
        assertThat(vault.isAlive()).as("the vault command stopped").isFalse();
        assertThat(exit[0]).as(out + "\n" + err).isZero();
        assertThat(out + err.toString()).doesNotContain(new String(token));

        // Its shares survive a restart (the in-process API, same directory).
        try (var service = org.sealpost.vault.VaultService.open(data, java.util.Optional.empty(), null)) {
            assertThat(service.vault().get("cli-key")).isPresent();
        }
    }

    /** The production set-up: the vault in its own process, stopped by SIGTERM. */
    @Test
    void aVaultProcessServesAndStopsOnSigterm() throws Exception {
        assertThat(run("vault", "init", "--data", data).exit()).isZero();
        char[] token = Files.readString(data.resolve("vault").resolve("client-token")).strip().toCharArray();
        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        Path log = data.resolve("vault.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.sealpost.cli.Main", "vault", "--data", data.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(m = listening.matcher(Files.readString(log))).find()) {
                assertThat(process.isAlive()).as("vault process ended: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("vault start: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            HttpVaultClient client = HttpVaultClient.create(URI.create(m.group(1)), token, Duration.ofSeconds(10));
            client.put("process-key", new byte[] {7});
            assertThat(client.get("process-key")).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
        } finally {
            process.destroy(); // SIGTERM
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.isAlive()).as("the vault stops on SIGTERM").isFalse();
        assertThat(Files.readString(log)).doesNotContain("Exception").doesNotContain(new String(token));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
