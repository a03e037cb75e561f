package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.MutualTls;
import org.sealpost.vault.tls.PinnedTrustManager;
import org.sealpost.vault.tls.TlsCertificates;

/**
 * A vault served over mutual TLS on a real socket, and {@link HttpVaultClient} against it: who gets
 * in, who is refused, and that a refused request stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultMutualTlsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Identity keyService = client(Instant.now());
    private final Identity expiredKeyService = client(Instant.now().minus(TlsCertificates.VALIDITY).minus(Duration.ofDays(1)));
    private Path data;
    private VaultService service;
    private char[] token;
    private CertificatePin vaultPin;
    private URI base;

    static Identity client(Instant now) {
        return TlsCertificates.selfSigned("Sealpost key service", TlsCertificates.Role.CLIENT, List.of(), RANDOM, now);
    }

    /** A vault with TLS, trusting {@code clients}, served on a free port of 127.0.0.1. */
    static VaultService startTlsVault(Path data, List<String> names, Set<CertificatePin> clients) {
        VaultHome.init(data, new KekChoice.File(), null, Optional.of(new VaultTlsFiles.Setup(names, Optional.empty(), clients)),
                RANDOM);
        VaultService service = VaultService.open(data, Optional.empty(), null);
        VaultTransport.MutualTls tls = new VaultTransport.MutualTls(service.home().tls().load(Optional.empty()),
                service.home().trustedClients());
        return service.serve("127.0.0.1", 0, tls);
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        data = dir;
        service = startTlsVault(data, VaultTlsFiles.DEFAULT_NAMES,
                Set.of(CertificatePin.of(keyService.certificate()), CertificatePin.of(expiredKeyService.certificate())));
        token = Files.readString(service.home().clientTokenFile()).strip().toCharArray();
        vaultPin = CertificatePin.of(service.home().tls().certificate());
        base = URI.create("https://127.0.0.1:" + service.port());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private HttpVaultClient client(Identity identity, CertificatePin serverPin, char[] credential) {
        return HttpVaultClient.create(new VaultEndpoint.MutualTls(base, credential, Set.of(serverPin), identity), TIMEOUT);
    }

    @Test
    void theKeyServiceStoresAndReadsSharesOverMutualTls() throws Exception {
        HttpVaultClient client = client(keyService, vaultPin, token);
        assertThat(client.vaultId()).isEqualTo(service.home().vaultId());
        byte[] share = {4, 5, 6};
        client.put("tls-1", share);
        client.put("tls-1", share);
        assertThat(client.get("tls-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(share));
        assertThat(service.vault().get("tls-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(share));
        assertThat(client.delete("tls-1")).isTrue();
        assertThat(client.get("tls-1")).isEmpty();
    }

    @Test
    void withoutAClientCertificateOnlyHealthAnswers() throws Exception {
        SSLContext noIdentity = SSLContext.getInstance(MutualTls.PROTOCOL);
        noIdentity.init(null, new TrustManager[] {new PinnedTrustManager(Set.of(vaultPin))}, RANDOM);
        HttpClient http = HttpClient.newBuilder().sslContext(noIdentity).connectTimeout(TIMEOUT).build();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains(service.home().vaultId());

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/v1/shares/no-cert")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + new String(token)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(put.body()).get("error").asText()).isEqualTo("forbidden");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(base.resolve("/v1/nothing")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).as("no path is revealed either").isEqualTo(403);
        assertThat(service.vault().get("no-cert")).isEmpty();

        HttpVaultClient plain = new HttpVaultClient(base, token, http);
        assertThatThrownBy(() -> plain.get("no-cert")).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("answered 403").hasMessageContaining("client certificate");
    }

    @Test
    void aClientWithAnUntrustedCertificateIsRefusedAtTheHandshake() {
        HttpVaultClient stranger = client(client(Instant.now()), vaultPin, token);
        assertThatThrownBy(() -> stranger.put("stranger", new byte[] {1})).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("TLS").hasMessageNotContaining(new String(token));
        assertThatThrownBy(stranger::health).isInstanceOf(VaultUnavailableException.class);
        HttpVaultClient expired = client(expiredKeyService, vaultPin, token);
        assertThatThrownBy(() -> expired.put("stranger", new byte[] {1})).as("a pinned but expired certificate")
                .isInstanceOf(VaultUnavailableException.class);
        assertThat(service.vault().get("stranger")).isEmpty();
    }

    @Test
    void aClientPinningAnotherServerCertificateRefusesTheVault() {
        Identity impostor = TlsCertificates.selfSigned("impostor", TlsCertificates.Role.SERVER, VaultTlsFiles.DEFAULT_NAMES,
                RANDOM, Instant.now());
        HttpVaultClient client = client(keyService, CertificatePin.of(impostor.certificate()), token);
        assertThatThrownBy(() -> client.put("wrong-pin", new byte[] {1})).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("TLS connection failed").hasMessageContaining(base.toString())
                .hasMessageContaining("is not pinned");
        assertThat(service.vault().get("wrong-pin")).isEmpty();
    }

    @Test
    void theTokenIsStillRequired() {
        HttpVaultClient client = client(keyService, vaultPin, "not-the-token".toCharArray());
        assertThatThrownBy(() -> client.put("no-token", new byte[] {1})).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("refused the key service's credential");
        assertThat(service.vault().get("no-token")).isEmpty();
    }

    @Test
    void thePinnedCertificateMustAlsoNameTheHost() throws Exception {
        Path other = data.resolve("named");
        try (VaultService named = startTlsVault(other, List.of("vault-a.example"), Set.of(CertificatePin.of(keyService.certificate())))) {
            char[] otherToken = Files.readString(named.home().clientTokenFile()).strip().toCharArray();
            HttpVaultClient byAddress = HttpVaultClient.create(new VaultEndpoint.MutualTls(URI.create("https://127.0.0.1:"
                    + named.port()), otherToken, Set.of(CertificatePin.of(named.home().tls().certificate())), keyService), TIMEOUT);
            assertThatThrownBy(() -> byAddress.put("by-address", new byte[] {1})).isInstanceOf(VaultUnavailableException.class)
                    .hasMessageContaining("TLS connection failed").hasMessageContaining("127.0.0.1");
            assertThat(named.vault().get("by-address")).isEmpty();
        }
    }

    @Test
    void endpointsCheckTheirSettings() {
        Set<CertificatePin> pins = Set.of(vaultPin);
        assertThatThrownBy(() -> new VaultEndpoint.MutualTls(URI.create("http://127.0.0.1:1"), token, pins, keyService))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> new VaultEndpoint.MutualTls(base, token, Set.of(), keyService))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pin");
        assertThatThrownBy(() -> new VaultEndpoint.InsecureHttp(base, token)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new VaultEndpoint.MutualTls(base, token, pins, keyService).toString())
                .doesNotContain(new String(token)).contains(vaultPin.toString());
        assertThatThrownBy(() -> new VaultTransport.MutualTls(keyService, Set.of())).isInstanceOf(VaultException.class)
                .hasMessageContaining("client-certs --add");
    }
}
