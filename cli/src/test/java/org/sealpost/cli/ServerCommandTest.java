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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.cli.CaCliFixture.Tool;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
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
        assertThat(r.out()).contains("--data", "--port", "--host", "--public-url", "--ca-password-env");
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
                Optional.empty(), Optional.empty(), CaAlgorithm.EC);
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
