package org.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.http.HttpSettings;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/** The {@code http.*} settings: the body limit, and the TLS keystore checked before anything starts. */
class HttpConfigTest {
    private static final String PASSWORD = "https-keystore-password";
    private static final Map<String, String> ENV = Map.of("SEALPOST_TLS_KEYSTORE_PASSWORD", PASSWORD);

    @TempDir
    Path dir;

    @Test
    void byDefaultPlainHttpWith64KiB() {
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of());
        assertThat(config.http().maxRequestBytes()).isEqualTo(64 * 1024);
        assertThat(config.http().keystore()).isEmpty();
        assertThat(config.describe()).contains("http.max-request-bytes = 64KiB  (default)",
                "http.tls.keystore = (not set)  (default)", "mail.relay.host = localhost  (default)");
        ServerSettings settings = config.settings(dir, Optional.empty(), Map.of());
        assertThat(settings.http()).isEqualTo(HttpSettings.defaults());
        assertThat(settings.scheme()).isEqualTo("http");
    }

    @Test
    void sizesTakeBinaryUnits() throws IOException {
        assertThat(load("http.max-request-bytes = 1MiB\n", Map.of()).http().maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(load("http.max-request-bytes = 16k\n", Map.of()).http().maxRequestBytes()).isEqualTo(16 * 1024);
        assertThat(load("http.max-request-bytes = 10000\n", Map.of()).http().maxRequestBytes()).isEqualTo(10000);
        assertBad("http.max-request-bytes = lots\n", Map.of(), "http.max-request-bytes = 'lots' (in %s): not a size (e.g. 65536, 64KiB, 1MiB)");
        assertBad("http.max-request-bytes = 100\n", Map.of(), "http.max-request-bytes = '100' (in %s): must be 4096 to 16777216 bytes");
        assertBad("http.trust-forwarded-headers = yes\n", Map.of(), "http.trust-forwarded-headers = 'yes' (in %s): use true or false");
        assertThat(load("http.trust-forwarded-headers = true\n", Map.of()).settings(dir, Optional.empty(), Map.of()).http()
                .trustForwarded()).isTrue();
        assertBad("http.max-request-bytes = 1000m\n", Map.of(), "http.max-request-bytes = '1000m' (in %s): must be 4096 to 16777216 bytes");
    }

    @Test
    void theApiUrlIsAnAbsoluteHttpUrlWithoutQuery() throws IOException {
        assertThat(load("http.api-url = https://mail.example.org/\n", Map.of()).settings(dir, Optional.empty(), Map.of()).http()
                .apiUrl()).contains("https://mail.example.org");
        assertBad("http.api-url = mail.example.org\n", Map.of(),
                "http.api-url = 'mail.example.org' (in %s): use an http(s) URL such as https://mail.example.org, without query or fragment");
        assertBad("http.api-url = ftp://mail.example.org\n", Map.of(),
                "http.api-url = 'ftp://mail.example.org' (in %s): use an http(s) URL such as https://mail.example.org, without query or fragment");
        assertBad("http.api-url = https://mail.example.org/?x=1\n", Map.of(),
                "http.api-url = 'https://mail.example.org/?x=1' (in %s): use an http(s) URL such as https://mail.example.org, without query or fragment");
    }

    @Test
    void aKeystoreTurnsOnHttpsWithThePasswordFromTheEnvironment() throws IOException {
        keystore("tls.p12");
        ServerConfig config = load("http.tls.keystore = tls.p12\n", ENV);
        assertThat(config.http().keystore()).contains(dir.resolve("tls.p12"));
        assertThat(config.describe()).noneMatch(line -> line.contains(PASSWORD));
        ServerSettings settings = config.settings(dir, Optional.empty(), ENV);
        assertThat(settings.scheme()).isEqualTo("https");
        assertThat(settings.http().tls().orElseThrow().password()).isEqualTo(PASSWORD.toCharArray());
        assertThat(settings.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void keystoreProblemsStopTheStartWithTheSettingNamed() throws IOException {
        keystore("tls.p12");
        assertBad("http.tls.keystore = tls.p12\n", Map.of(), "http.tls.keystore-password-env = 'SEALPOST_TLS_KEYSTORE_PASSWORD' (default): "
                + "environment variable SEALPOST_TLS_KEYSTORE_PASSWORD is not set (it holds the password of http.tls.keystore)");
        assertBad("http.tls.keystore = tls.p12\n", Map.of("SEALPOST_TLS_KEYSTORE_PASSWORD", "wrong"),
                "http.tls.keystore = 'tls.p12' (in %s): " + dir.resolve("tls.p12") + ": wrong keystore password");
        assertBad("http.tls.keystore = missing.p12\n", ENV,
                "http.tls.keystore = 'missing.p12' (in %s): " + dir.resolve("missing.p12") + ": no such keystore file");
        Files.writeString(dir.resolve("not.p12"), "not a keystore");
        assertBad("http.tls.keystore = not.p12\n", ENV,
                "http.tls.keystore = 'not.p12' (in %s): " + dir.resolve("not.p12") + ": not a readable PKCS#12 keystore");
        assertBad("http.tls.keystore = tls.p12\nhttp.tls.alias = web\n", ENV, "http.tls.keystore = 'tls.p12' (in %s): "
                + dir.resolve("tls.p12") + " has no key entry 'web' (key entries: tls)");
        assertBad("http.tls.alias = web\n", ENV, "http.tls.alias = 'web' (in %s): needs http.tls.keystore");
        ServerConfig otherVariable = load("http.tls.keystore = tls.p12\nhttp.tls.keystore-password-env = MY_P12\n",
                Map.of("MY_P12", PASSWORD));
        assertThat(otherVariable.http().passwordEnv()).isEqualTo("MY_P12");
    }

    private void keystore(String name) {
        TlsKeyStoreFile.write(dir.resolve(name), TlsCertificates.selfSigned("sealpost", TlsCertificates.Role.SERVER,
                List.of("localhost"), new SecureRandom(), Instant.now()), PASSWORD.toCharArray());
    }

    private void assertBad(String content, Map<String, String> env, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("sealpost.properties"), content);
        assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), env, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage(message.formatted(file));
    }

    private ServerConfig load(String content, Map<String, String> env) throws IOException {
        return ServerConfig.load(Optional.of(Files.writeString(dir.resolve("sealpost.properties"), content)), env, Map.of());
    }
}
