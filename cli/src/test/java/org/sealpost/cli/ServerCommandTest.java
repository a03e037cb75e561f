package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CaCliFixture.EC_P256;
import static org.sealpost.cli.CaCliFixture.issuedSerial;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.cli.CaCliFixture.Tool;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.enroll.EnrollmentSettings;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/**
 * {@code sealpost server --data DIR --port P}, and the CA commands beside a running server: the
 * embedded database runs in H2's auto-server mode, so {@code ca revoke} works on the data directory a
 * server holds, and the server's OCSP responder and CRL show the revocation at once.
 */
class ServerCommandTest {
    @TempDir
    Path data;

    @TempDir
    Path work;

    @Test
    void helpDescribesTheOptions() {
        Result r = run("server", "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--data", "--port", "--host", "--public-url", "--ca-password-env", "--config",
                "--check-config", "SEALPOST_");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aPortOutOfRangeIsAUsageErrorThatCreatesNothing() throws Exception {
        Path dir = work.resolve("never-created");
        for (String port : new String[] {"70000", "-1"}) {
            Result r = run("server", "--data", dir, "--port", port);
            assertFailed(r, null, 2);
            assertThat(r.err()).contains(port);
            assertThat(dir).as("no data directory for a refused command line").doesNotExist();
        }
        Result notANumber = run("server", "--data", dir, "--port", "http");
        assertFailed(notANumber, null, 2);
        Result badAlgorithm = run("server", "--data", dir, "--port", "0", "--algorithm", "dsa");
        assertFailed(badAlgorithm, null, 2);
        assertThat(badAlgorithm.err()).contains("dsa");
        assertThat(dir).doesNotExist();
        Result noData = run("server", "--port", "0");
        assertFailed(noData, null, 2);
        assertThat(noData.err()).contains("--data");
    }

    /** Runs the server command in a thread that must end by itself (a refused start), interrupting it otherwise. */
    private static Result serverThatMustFail(Object... args) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int[] exit = {-1};
        String[] strings = java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new);
        Thread t = new Thread(() -> exit[0] = Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                strings), "server-command-failing");
        t.start();
        t.join(Duration.ofSeconds(60));
        boolean ended = !t.isAlive();
        if (!ended) {
            t.interrupt();
            t.join(Duration.ofSeconds(30));
        }
        assertThat(ended).as("the server command should have refused to start: " + out + err).isTrue();
        return new Result(exit[0], out.toString(), err.toString());
    }

    @Test
    void aCaKeptUnderAPasswordVariableNeedsItToServe() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(CliFixture.passwordsAvailable());
        Result init = run("ca", "init", "--data", data, "--algorithm", "ec", "--ca-password-env", CliFixture.PASSWORD_ENV);
        assertThat(init.exit()).as(init.toString()).isZero();

        Result none = serverThatMustFail("server", "--data", data, "--port", "0");
        assertFailed(none, null, 2);
        assertThat(none.err()).contains("password");
        Result wrong = serverThatMustFail("server", "--data", data, "--port", "0", "--ca-password-env",
                CliFixture.WRONG_PASSWORD_ENV);
        assertFailed(wrong, null, 2);
        assertThat(wrong.err()).contains("wrong CA key store password")
                .doesNotContain(System.getenv(CliFixture.WRONG_PASSWORD_ENV))
                .doesNotContain(System.getenv(CliFixture.PASSWORD_ENV));
        assertThat(data.resolve("ca").resolve("ca-password")).as("no password generated for an existing CA").doesNotExist();
    }

    @Test
    void aPortInUseIsReportedOnOneLine() throws Exception {
        Result init = run("ca", "init", "--data", data, "--algorithm", "ec");
        assertThat(init.exit()).as(init.toString()).isZero();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Result r = serverThatMustFail("server", "--data", data, "--port", taken.getLocalPort());
            assertFailed(r, null, 2);
            assertThat(r.err()).contains(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void theServerCommandCreatesACaOnFirstStartServesItAndStopsWhenInterrupted() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int[] exit = {-1};
        Thread serverThread = new Thread(() -> exit[0] = Main.run(new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true), "server", "--data", data.toString(), "--port", "0"), "server-command");
        serverThread.start();
        try {
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
            java.util.regex.Matcher m = listening.matcher("");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(m = listening.matcher(out.toString())).find() || !out.toString().contains("    vault-2: ")) {
                assertThat(serverThread.isAlive()).as("server stopped early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("server start within 60 s: " + out + err).isLessThan(deadline);
                Thread.sleep(50);
            }
            String base = "http://127.0.0.1:" + m.group(1);
            assertThat(err.toString()).contains("created a new CA", "ca-password");
            assertThat(out.toString()).contains("  key service:     2-of-2, vaults in this process",
                    "    vault-1: ", " in " + data.resolve("vaults").resolve("vault-1").toAbsolutePath());
            assertThat(data.resolve("ca").resolve("root.pem")).exists();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base + "/ca/root.pem"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(CaCliFixture.certificate(data.resolve("ca").resolve("root.pem")))
                    .isEqualTo(CertificateFactory.getInstance("X.509").generateCertificate(
                            new ByteArrayInputStream(root.body().getBytes(java.nio.charset.StandardCharsets.US_ASCII))));

            // A CLI command on the same data directory while the server command holds it.
            Result unknown = run("ca", "revoke", "--data", data, "--serial", "7e57", "--reason", "superseded");
            assertFailed(unknown, null, 1);
        } finally {
            serverThread.interrupt();
            serverThread.join(Duration.ofSeconds(30));
        }
        assertThat(serverThread.isAlive()).as("the server command stopped").isFalse();
        assertThat(exit[0]).as(out + "\n" + err).isZero();

        // Started again on the same directory, it loads the CA instead of creating one.
        java.io.StringWriter err2 = new java.io.StringWriter();
        java.io.StringWriter out2 = new java.io.StringWriter();
        Thread again = new Thread(() -> Main.run(new java.io.PrintWriter(out2, true), new java.io.PrintWriter(err2, true),
                "server", "--data", data.toString(), "--port", "0"), "server-command-2");
        again.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!out2.toString().contains("listening on")) {
                assertThat(again.isAlive()).as("server stopped early: " + out2 + err2).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(err2.toString()).doesNotContain("created a new CA");
        } finally {
            again.interrupt();
            again.join(Duration.ofSeconds(30));
        }
        assertThat(again.isAlive()).isFalse();
    }

    @Test
    void revokeWhileTheServerRunsIsAnsweredByItsOcspResponderAndCrl() throws Exception {
        CaCliFixture.requireOpenssl();
        Result init = run("ca", "init", "--data", data, "--algorithm", "ec");
        assertThat(init.exit()).as(init.toString()).isZero();
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "alice@example.org");
        Path cert = work.resolve("cert.pem");
        Path root = data.resolve("ca").resolve("root.pem");
        Path issuing = data.resolve("ca").resolve("issuing.pem");

        ServerSettings settings = new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0,
                Optional.empty(), Optional.empty(), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN),
                EnrollmentSettings.defaults());
        try (SealpostServer server = SealpostServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port();

            // Issued through the CLI while the server holds the database.
            Result issued = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--out", cert);
            assertThat(issued.exit()).as(issued.toString()).isZero();
            BigInteger serial = issuedSerial(issued);

            assertThat(ocsp(issuing, cert, root, base)).contains(cert + ": good");

            Result revoked = run("ca", "revoke", "--data", data, "--serial", serial.toString(16), "--reason",
                    "keyCompromise");
            assertThat(revoked.exit()).as(revoked.toString()).isZero();
            assertThat(revoked.err()).isEmpty();

            String answer = ocsp(issuing, cert, root, base);
            assertThat(answer).contains(cert + ": revoked").contains("Reason: keyCompromise");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/crl/issuing.crl"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(response.body()));
            crl.verify(CaCliFixture.certificate(issuing).getPublicKey());
            assertThat(crl.getRevokedCertificate(serial)).as("the served CRL lists the serial").isNotNull();
            assertThat(crl.getRevokedCertificate(serial).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);

            // The other CA commands work beside the server too.
            Result again = run("ca", "revoke", "--data", data, "--serial", serial.toString(16), "--reason", "superseded");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("already revoked");
            Result shown = run("ca", "show", "--data", data, "--serial", serial.toString(16), "--json");
            assertThat(shown.exit()).as(shown.toString()).isZero();
            assertThat(shown.json().get("status").asText()).isEqualTo("revoked");
            Path crlFile = work.resolve("issuing.crl");
            Result crlCommand = run("ca", "crl", "--data", data, "--out", crlFile);
            assertThat(crlCommand.exit()).as(crlCommand.toString()).isZero();
            assertThat(Files.readAllBytes(crlFile)).isEqualTo(response.body());
            Result audit = run("audit", "verify", "--data", data);
            assertThat(audit.exit()).as(audit.toString()).isZero();
        }

        // And after the server stopped.
        Result after = run("ca", "show", "--data", data, "--serial", issuedSerialOf(cert).toString(16), "--json");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.json().get("revocationReason").asText()).isEqualTo("keyCompromise");
    }

    /**
     * The real set-up: the server in its own process (so the CLI reaches the database through H2's
     * auto-server TCP port, not a shared in-JVM instance), revoked through the CLI, stopped by SIGTERM.
     */
    @Test
    void revokeBesideAServerProcessAndStopItWithSigterm() throws Exception {
        CaCliFixture.requireOpenssl();
        Result init = run("ca", "init", "--data", data, "--algorithm", "ec");
        assertThat(init.exit()).as(init.toString()).isZero();
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "bob@example.org");
        Path cert = work.resolve("cert.pem");
        Result issued = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--out", cert);
        assertThat(issued.exit()).as(issued.toString()).isZero();
        BigInteger serial = issuedSerial(issued);

        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        Path log = work.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.sealpost.cli.Main", "server", "--data", data.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            java.util.regex.Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(m = listening.matcher(Files.readString(log))).find()) {
                assertThat(server.isAlive()).as("server process ended: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("server start: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            String base = m.group(1);
            Path root = data.resolve("ca").resolve("root.pem");
            Path issuing = data.resolve("ca").resolve("issuing.pem");
            assertThat(ocsp(issuing, cert, root, base)).contains(cert + ": good");

            Result revoked = run("ca", "revoke", "--data", data, "--serial", serial.toString(16), "--reason",
                    "affiliationChanged");
            assertThat(revoked.exit()).as(revoked.toString()).isZero();
            assertThat(ocsp(issuing, cert, root, base)).contains(cert + ": revoked", "affiliationChanged");
        } finally {
            server.destroy(); // SIGTERM
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(server.isAlive()).as("the server stops on SIGTERM").isFalse();
        assertThat(Files.readString(log)).doesNotContain("Exception");
        Result audit = run("audit", "verify", "--data", data);
        assertThat(audit.exit()).as(audit + Files.readString(log)).isZero();
        Result tail = run("audit", "tail", "--data", data, "-n", "100");
        assertThat(tail.out()).contains("ca.revoke");
    }

    private static BigInteger issuedSerialOf(Path cert) throws Exception {
        return CaCliFixture.certificate(cert).getSerialNumber();
    }

    private static String ocsp(Path issuing, Path cert, Path root, String base) {
        Tool r = Tool.run("openssl", "ocsp", "-issuer", issuing.toString(), "-cert", cert.toString(), "-url",
                base + "/ocsp", "-CAfile", root.toString(), "-timeout", "20");
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.output()).as(r.describe()).contains("Response verify OK");
        return r.output();
    }
}
