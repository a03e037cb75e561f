package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/**
 * {@code sealpost server} with {@code http.tls.keystore} in its configuration file: it serves HTTPS
 * and says so in the URLs it prints, a CA created now still gets plain-HTTP CRL and AIA URLs, and a
 * wrong keystore password stops the start before anything is created.
 */
class ServerHttpsCommandTest {
    @TempDir
    Path data;

    @Test
    void aKeystoreInTheConfigurationServesHttps() throws Exception {
        Assumptions.assumeTrue(CliFixture.passwordsAvailable());
        Identity tls = TlsCertificates.selfSigned("sealpost", TlsCertificates.Role.SERVER, List.of("localhost", "127.0.0.1"),
                new SecureRandom(), Instant.now());
        Files.createDirectories(data);
        TlsKeyStoreFile.write(data.resolve("tls.p12"), tls, System.getenv(CliFixture.PASSWORD_ENV).toCharArray());
        Path config = Files.writeString(data.resolve("https.properties"),
                "http.tls.keystore = tls.p12\nhttp.tls.keystore-password-env = " + CliFixture.PASSWORD_ENV + "\n");

        Result checked = run("server", "--data", data, "--config", config, "--port", "0", "--check-config");
        assertThat(checked.exit()).as(checked.toString()).isZero();
        assertThat(checked.out()).contains("http.tls.keystore = tls.p12  (in ");
        Path wrongConfig = Files.writeString(data.resolve("wrong.properties"),
                "http.tls.keystore = tls.p12\nhttp.tls.keystore-password-env = " + CliFixture.WRONG_PASSWORD_ENV + "\n");
        Result refused = run("server", "--data", data, "--config", wrongConfig, "--port", "0");
        assertFailed(refused, null, ExitCodes.USAGE);
        assertThat(refused.err()).contains("wrong keystore password").doesNotContain(System.getenv(CliFixture.WRONG_PASSWORD_ENV));
        assertThat(data.resolve("ca")).as("nothing created").doesNotExist();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread server = new Thread(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--data",
                data.toString(), "--config", config.toString(), "--port", "0"), "https-server");
        server.start();
        try {
            Pattern listening = Pattern.compile("listening on (https://127\\.0\\.0\\.1:(\\d+))");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(m = listening.matcher(out.toString())).find()) {
                assertThat(server.isAlive()).as("server stopped early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("start within 60 s: " + out + err).isLessThan(deadline);
                Thread.sleep(50);
            }
            HttpResponse<String> health = trusting(tls).send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + m.group(2) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(Files.readString(data.resolve("ca").resolve("ca.properties")))
                    .as("CRL and AIA URLs stay plain HTTP (S/MIME BR)").contains("urls.base=http://localhost:" + m.group(2));
        } finally {
            server.interrupt();
            server.join(Duration.ofSeconds(30));
        }
        assertThat(server.isAlive()).isFalse();
    }

    private static HttpClient trusting(Identity tls) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", tls.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
