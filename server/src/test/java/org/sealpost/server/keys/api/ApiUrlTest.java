package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.http.HttpSettings;
import org.sealpost.server.http.TlsSettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/**
 * Device tokens name the URL the device called. Behind a TLS-terminating proxy that is the proxy's
 * HTTPS name, not the plain-HTTP public URL the certificates carry: {@code http.api-url} says which.
 */
class ApiUrlTest {
    private static final byte[] NO_BODY = new byte[0];
    private static final String PATH = "/v1/keys/password";

    @TempDir
    Path dir;

    @Test
    void behindAProxyTokensNamingTheConfiguredApiUrlAreAcceptedAndThePublicUrlIsNot() {
        HttpSettings http = new HttpSettings(HttpSettings.DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), false,
                Optional.of("https://mail.example.org"));
        ServerSettings settings = new ServerSettings(dir, DatabaseConfig.embedded(dir), "127.0.0.1", 0, Optional.empty(),
                Optional.of("api-url-test".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN), http);
        try (KeyApiServer api = new KeyApiServer(settings)) {
            KeyApiServer.Device device = api.enroll("proxy@example.org");

            KeyApiServer.Answer viaProxyName = api.send("GET", PATH, NO_BODY, null, null,
                    device.signer(Clock.systemUTC()).authorization("GET", "https://mail.example.org" + PATH, NO_BODY));
            assertThat(viaProxyName.status()).as(viaProxyName.text()).isEqualTo(200);
            assertThat(viaProxyName.json().get("protected").asBoolean()).isFalse();

            KeyApiServer.Answer viaPublicUrl = api.send("GET", PATH, NO_BODY, null, null,
                    device.signer(Clock.systemUTC()).authorization("GET", api.publicUrl(PATH), NO_BODY));
            assertThat(viaPublicUrl.status()).isEqualTo(401);
            assertThat(viaPublicUrl.json().get("error").asText()).isEqualTo("wrong_request");
        }
    }

    @Test
    void theDefaultIsThePublicUrlOrItsHttpsTwinWhenTheServerTerminatesTls() {
        HttpSettings plain = HttpSettings.defaults();
        assertThat(plain.apiUrl("http://sealpost.example.org", 8080)).isEqualTo("http://sealpost.example.org");

        HttpSettings tls = new HttpSettings(HttpSettings.DEFAULT_MAX_REQUEST_BYTES,
                Optional.of(new TlsSettings(dir.resolve("tls.p12"), "x".toCharArray(), Optional.empty())),
                false);
        assertThat(tls.apiUrl("http://sealpost.example.org", 8443)).isEqualTo("https://sealpost.example.org:8443");
        assertThat(tls.apiUrl("http://sealpost.example.org", 443)).isEqualTo("https://sealpost.example.org");
        assertThat(tls.apiUrl("http://[2001:db8::1]:8080", 8443)).isEqualTo("https://[2001:db8::1]:8443");
    }
}
