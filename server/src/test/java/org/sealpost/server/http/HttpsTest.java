package org.sealpost.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/**
 * HTTPS from a PKCS#12 keystore made here: the JDK client trusting only that certificate, and
 * {@code openssl s_client} as an independent peer (TLS 1.3 and 1.2 accepted, 1.1 refused).
 */
class HttpsTest {
    private static final char[] PASSWORD = "tls-keystore-test-password".toCharArray();

    @TempDir
    static Path dir;

    private static Identity identity;
    private static Path keystore;
    private static HttpServer server;

    @BeforeAll
    static void start() {
        identity = TlsCertificates.selfSigned("sealpost test", TlsCertificates.Role.SERVER, List.of("localhost", "127.0.0.1"),
                new SecureRandom(), Instant.now());
        keystore = dir.resolve("server.p12");
        TlsKeyStoreFile.write(keystore, identity, PASSWORD);
        TlsSettings tls = new TlsSettings(keystore, PASSWORD, Optional.empty());
        server = new HttpServer(new HttpSettings(HttpSettings.DEFAULT_MAX_REQUEST_BYTES, Optional.of(tls), false), List.of(),
                app -> app.get("/hello", ctx -> ctx.result(ctx.scheme()))).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theJdkClientTrustingTheCertificateGetsTls13() throws Exception {
        HttpResponse<String> r = trusting().send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/hello"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("the handler sees https").isEqualTo("https");
        assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(identity.certificate());
    }

    @Test
    void itListensOnlyWhereItWasToldTo() throws Exception {
        try (java.net.Socket local = new java.net.Socket("127.0.0.1", server.port())) {
            assertThat(local.isConnected()).isTrue();
        }
        java.net.InetAddress other = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "no non-loopback address to try");
        assertThatThrownBy(() -> new java.net.Socket(other, server.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void plainHttpIsNotServed() {
        assertThatThrownBy(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello")).timeout(Duration.ofSeconds(30))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void opensslConnectsWithTls13And12AndIsRefusedTls11() throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        Path ca = Files.writeString(dir.resolve("server.pem"), org.sealpost.core.keys.EphemeralPki.pem(identity.certificate()));
        String tls13 = sClient(ca, "-tls1_3");
        assertThat(tls13).contains("Verify return code: 0 (ok)").containsPattern("Protocol\\s*:\\s*TLSv1.3");
        assertThat(tls13).contains("HTTP/1.1 200", "https");
        String tls12 = sClient(ca, "-tls1_2");
        assertThat(tls12).contains("Verify return code: 0 (ok)").containsPattern("Protocol\\s*:\\s*TLSv1.2");
        assertThat(tls12).contains("HTTP/1.1 200");
        String tls11 = sClient(ca, "-tls1_1");
        assertThat(tls11).doesNotContain("HTTP/1.1 200");
    }

    @Test
    void aWrongPasswordOrAliasIsAClearMessage() {
        assertThatThrownBy(() -> TlsConnector.check(new TlsSettings(keystore, "wrong".toCharArray(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong keystore password")
                .hasMessageNotContaining("wrong\"");
        assertThatThrownBy(() -> TlsConnector.check(new TlsSettings(keystore, PASSWORD, Optional.of("other"))))
                .hasMessageContaining("no key entry 'other'").hasMessageContaining(TlsKeyStoreFile.ALIAS);
        assertThatThrownBy(() -> TlsConnector.check(new TlsSettings(dir.resolve("none.p12"), PASSWORD, Optional.empty())))
                .hasMessageContaining("no such keystore file");
        assertThat(TlsConnector.check(new TlsSettings(keystore, PASSWORD, Optional.empty()))).isEqualTo(TlsKeyStoreFile.ALIAS);
        assertThat(new TlsSettings(keystore, PASSWORD, Optional.empty()).toString()).doesNotContain(new String(PASSWORD));
    }

    private static String sClient(Path ca, String version) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", ca.toString(), "-verify_return_error", version, "-ign_eof")
                .redirectErrorStream(true).start();
        p.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static HttpClient trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", identity.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
