package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.vault.tls.CertificatePin;

/**
 * {@code openssl s_client} as an independent TLS peer of a vault: it accepts the vault's certificate
 * for 127.0.0.1 (with the PEM file as its only trust anchor), reaches {@code /health} without a
 * client certificate, is refused the shares without one, and gets them with the pinned one.
 * Skipped with a NOTICE when openssl is missing, unless {@code -Dsealpost.requireVectors=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultTlsOpensslTest {
    private final Identity keyService = VaultMutualTlsTest.client(Instant.now());
    private Path data;
    private VaultService service;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        data = dir;
        service = VaultMutualTlsTest.startTlsVault(data, VaultTlsFiles.DEFAULT_NAMES, Set.of(CertificatePin.of(keyService.certificate())));
        token = Files.readString(service.home().clientTokenFile()).strip();
        service.vault().put("openssl-share", "share-bytes-for-openssl".getBytes(StandardCharsets.US_ASCII));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** Runs s_client with {@code request} on stdin; returns everything it printed. */
    private String sClient(String request, Identity identity, String... extra) throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + service.port(),
                "-CAfile", service.home().tls().certificateFile().toString(), "-verify_return_error", "-verify_ip", "127.0.0.1",
                "-ign_eof"));
        if (identity != null) {
            Path cert = data.resolve("client-cert.pem");
            Path key = data.resolve("client-key.pem");
            Files.writeString(cert, EphemeralPki.pem(identity.certificate()));
            Files.writeString(key, EphemeralPki.pem(identity.privateKey()));
            command.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
        return output;
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
    }

    @Test
    void opensslReachesHealthWithoutAClientCertificateAndVerifiesTheVault() throws Exception {
        String out = sClient("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", null);
        assertThat(out).contains("Verify return code: 0 (ok)", "TLSv1.3", "HTTP/1.1 200", service.home().vaultId());
    }

    @Test
    void withoutAClientCertificateOpensslIsRefusedTheShares() throws Exception {
        String out = sClient(get("/v1/shares/openssl-share"), null);
        assertThat(out).contains("HTTP/1.1 403", "\"forbidden\"").doesNotContain("share-bytes-for-openssl");
    }

    @Test
    void withThePinnedClientCertificateOpensslGetsTheShare() throws Exception {
        String out = sClient(get("/v1/shares/openssl-share"), keyService);
        assertThat(out).contains("HTTP/1.1 200", "share-bytes-for-openssl");
    }

    @Test
    void anUnpinnedClientCertificateOrTls12IsRefused() throws Exception {
        String stranger = sClient(get("/v1/shares/openssl-share"), VaultMutualTlsTest.client(Instant.now()));
        assertThat(stranger).doesNotContain("HTTP/1.1").doesNotContain("share-bytes-for-openssl").containsIgnoringCase("alert");
        String old = sClient(get("/health"), keyService, "-tls1_2");
        assertThat(old).doesNotContain("HTTP/1.1").containsIgnoringCase("alert");
    }
}
