package org.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.time.Instant;
import java.security.SecureRandom;
import org.sealpost.vault.tls.TlsKeyStoreFile;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.core.keys.Identity;
import java.util.Set;
import org.sealpost.vault.tls.CertificatePin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.RemoteVault;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.validation.RateLimit;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;
import org.sealpost.validation.ValidationSettings;

/** The configuration file, its environment overrides and flags, and every way a setting can be wrong. */
class ServerConfigTest {
    private static final String PIN_1 = "ab".repeat(32);
    private static final String PIN_2 = "CD".repeat(32);
    private static final String P12_PASSWORD = "p12-password";

    private final Identity clientIdentity = TlsCertificates.selfSigned("Sealpost key service", TlsCertificates.Role.CLIENT,
            List.of(), new SecureRandom(), Instant.now());

    /** Writes the key service's client identity as `sealpost vault client-identity` does; returns the path. */
    private Path clientIdentity(String name) {
        Path file = dir.resolve(name);
        TlsKeyStoreFile.write(file, clientIdentity, P12_PASSWORD.toCharArray());
        return file;
    }

    private static final String TOKEN = "tok3n-that-must-never-be-printed";

    @TempDir
    Path dir;

    @Test
    void withoutAFileEverythingHasItsDefault() {
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.database().url()).as("the embedded database").isEmpty();
        assertThat(config.algorithm()).isEqualTo(CaAlgorithm.EC);
        assertThat(config.kms()).isEqualTo(KmsSettings.defaults());
        assertThat(config.kms().vaults()).isEqualTo(new VaultTopology.Embedded(2));
        assertThat(config.kms().pool().target(KeySpec.RSA_2048)).isEqualTo(50);
        assertThat(config.describe()).contains("kms.vaults = embedded  (default)", "kms.threshold = 2  (default)",
                "public-url = (not set)  (default)");
    }

    @Test
    void aFileSetsEverySetting() throws IOException {
        Path file = write("""
                # production-like
                listen.host = 0.0.0.0
                listen.port = 8443
                public-url = https://pki.example.org
                db.url = jdbc:postgresql://db.example.org:5432/sealpost
                db.user = sealpost
                db.password-env = PG_PASSWORD
                ca.algorithm = rsa
                kms.vaults = a, b, c
                kms.threshold = 2
                kms.vault.a.url = https://vault-a.internal:8701/
                kms.vault.a.token-file = a.token
                kms.vault.a.timeout = 3s
                kms.vault.a.tls-pins = %s, %s
                kms.client-identity = %s
                kms.client-identity.password-env = KMS_P12_PASSWORD
                kms.vault.b.url = http://127.0.0.1:8702
                kms.vault.b.token-file = %s
                kms.vault.c.url = http://127.0.0.1:8703
                kms.vault.c.token-file = %s
                kms.key-spec = rsa-3072
                kms.pool.size = 10
                kms.pool.threads = 2
                kms.cleanup.interval = PT1M
                kms.cleanup.older-than = 1h
                """.formatted(PIN_1, PIN_2, clientIdentity("kms-client.p12"), token("b.token"), token("c.token")));
        token("a.token");
        ServerConfig config = ServerConfig.load(Optional.of(file), Map.of("PG_PASSWORD", "secret", "KMS_P12_PASSWORD", P12_PASSWORD), Map.of());
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.publicUrl()).contains("https://pki.example.org");
        assertThat(config.database()).isEqualTo(new DatabaseSettings(Optional.of("jdbc:postgresql://db.example.org:5432/sealpost"),
                Optional.of("sealpost"), Optional.of("PG_PASSWORD")));
        assertThat(config.algorithm()).isEqualTo(CaAlgorithm.RSA);
        KmsSettings kms = config.kms();
        assertThat(kms.threshold()).isEqualTo(2);
        assertThat(kms.vaults()).isInstanceOf(VaultTopology.Remote.class);
        var vaults = ((VaultTopology.Remote) kms.vaults()).vaults();
        assertThat(vaults).extracting(RemoteVault::name).containsExactly("a", "b", "c");
        assertThat(vaults.getFirst().url()).isEqualTo(URI.create("https://vault-a.internal:8701/"));
        assertThat(vaults.getFirst().tokenFile()).isEqualTo(dir.resolve("a.token"));
        assertThat(vaults.getFirst().timeout()).isEqualTo(Duration.ofSeconds(3));
        RemoteVault.VaultTls tls = vaults.getFirst().tls().orElseThrow();
        assertThat(tls.serverPins()).containsExactlyInAnyOrder(CertificatePin.parse(PIN_1), CertificatePin.parse(PIN_2));
        assertThat(tls.clientIdentity().certificate()).isEqualTo(clientIdentity.certificate());
        assertThat(vaults.get(1).tls()).isEmpty();
        assertThat(vaults.get(1).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(kms.keySpec()).isEqualTo(KeySpec.RSA_3072);
        assertThat(kms.pool().target(KeySpec.RSA_3072)).isEqualTo(10);
        assertThat(kms.pool().threads()).isEqualTo(2);
        assertThat(kms.cleanupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(kms.cleanupOlderThan()).isEqualTo(Duration.ofHours(1));
        assertThat(String.join("\n", config.describe()))
                .contains("kms.vault.a.token-file = a.token  (in " + file + ")")
                .contains("kms.vault.b.timeout = 10s  (default)")
                .doesNotContain(TOKEN).doesNotContain("secret");
        assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain("secret");
    }

    @Test
    void theEnvironmentOverridesTheFileAndFlagsOverrideBoth() throws IOException {
        Path file = write("listen.port = 1000\nkms.threshold = 2\nkms.embedded.count = 2\nlisten.host = 10.0.0.1\n");
        Map<String, String> env = Map.of("SEALPOST_LISTEN_PORT", "2000", "SEALPOST_KMS_EMBEDDED_COUNT", "3",
                "SEALPOST_KMS_THRESHOLD", "3", "SEALPOST_LISTEN_HOST", " ");
        ServerConfig fromEnv = ServerConfig.load(Optional.of(file), env, Map.of());
        assertThat(fromEnv.port()).isEqualTo(2000);
        assertThat(fromEnv.kms().vaults()).isEqualTo(new VaultTopology.Embedded(3));
        assertThat(fromEnv.kms().threshold()).isEqualTo(3);
        assertThat(fromEnv.host()).as("a blank variable counts as unset").isEqualTo("10.0.0.1");
        assertThat(fromEnv.describe()).contains("listen.port = 2000  (from environment variable SEALPOST_LISTEN_PORT)",
                "listen.host = 10.0.0.1  (in " + file + ")");

        ServerConfig fromFlag = ServerConfig.load(Optional.of(file), env, Map.of(ConfigKeys.LISTEN_PORT, "0"));
        assertThat(fromFlag.port()).isZero();
        assertThat(fromFlag.describe()).contains("listen.port = 0  (on the command line)");
    }

    @Test
    void remoteVaultSettingsComeFromTheEnvironmentToo() {
        Path a = token("a.token");
        Path b = token("b.token");
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(
                "SEALPOST_KMS_VAULTS", "a,vault-b",
                "SEALPOST_KMS_VAULT_A_URL", "http://127.0.0.1:8701",
                "SEALPOST_KMS_VAULT_A_TOKEN_FILE", a.toString(),
                "SEALPOST_KMS_VAULT_VAULT_B_URL", "http://127.0.0.1:8702",
                "SEALPOST_KMS_VAULT_VAULT_B_TOKEN_FILE", b.toString()), Map.of());
        assertThat(((VaultTopology.Remote) config.kms().vaults()).vaults()).extracting(RemoteVault::tokenFile).containsExactly(a, b);
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() throws IOException {
        Path file = write("kms.treshold = 2\n");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'kms.treshold' in " + file + " (did you mean kms.threshold?)");
        Path nothingClose = write("colour = blue\n");
        assertThatThrownBy(() -> load(nothingClose)).hasMessage("unknown setting 'colour' in " + nothingClose);
        Path vaultTypo = write("kms.vaults = a,b\nkms.vault.a.adress = http://x\n");
        assertThatThrownBy(() -> load(vaultTypo)).hasMessageContaining("unknown setting 'kms.vault.a.adress'")
                .hasMessageContaining("kms.vault.<name>.url, token-file, timeout");
        Path unlisted = write("kms.vault.c.url = http://127.0.0.1:8703\n");
        assertThatThrownBy(() -> load(unlisted))
                .hasMessage("setting 'kms.vault.c.url' in " + unlisted + " configures vault c, which kms.vaults (embedded) does not list");
    }

    @Test
    void badValuesAreNamedWithTheirSource() throws IOException {
        assertBad("kms.threshold = two\n", "kms.threshold = 'two' (in %s): not a whole number");
        assertBad("listen.port = 70000\n", "listen.port = '70000' (in %s): must be 0 to 65535");
        assertBad("kms.threshold = 1\n", "kms.threshold = '1' (in %s): must be 2 to 255");
        assertBad("kms.embedded.count = 1\n", "kms.embedded.count = '1' (in %s): must be 2 to 255");
        assertBad("kms.cleanup.interval = soon\n", "kms.cleanup.interval = 'soon' (in %s): not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
        assertBad("kms.cleanup.older-than = 0s\n", "kms.cleanup.older-than = '0s' (in %s): must be longer than zero");
        assertBad("kms.key-spec = dsa-1024\n", "kms.key-spec = 'dsa-1024' (in %s): use rsa-2048, rsa-3072, ec-p256 or ec-p384");
        assertBad("kms.pool.size = 100000\n", "kms.pool.size = '100000' (in %s): must be 0 to 10000");
        assertBad("ca.algorithm = dsa\n", "ca.algorithm = 'dsa' (in %s): use ec or rsa");
        assertBad("public-url = pki.example.org\n", "public-url = 'pki.example.org' (in %s): expected http://host:port/ or https://host:port/");
        assertBad("db.url = postgres://db/sealpost\n", "db.url = 'postgres://db/sealpost' (in %s): not a JDBC URL (e.g. jdbc:postgresql://db.example.org:5432/sealpost)");
        assertBad("db.url = jdbc:postgresql://db/sealpost\ndb.password-env = NOT_SET_ANYWHERE\n",
                "db.password-env = 'NOT_SET_ANYWHERE' (in %s): environment variable NOT_SET_ANYWHERE is not set");
        assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("SEALPOST_KMS_THRESHOLD", "x"), Map.of()))
                .hasMessage("kms.threshold = 'x' (from environment variable SEALPOST_KMS_THRESHOLD): not a whole number");
        assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKeys.LISTEN_PORT, "-1")))
                .hasMessage("listen.port = '-1' (on the command line): must be 0 to 65535");
    }

    @Test
    void theDnsResolverForDomainControlIsHostAndPort() throws IOException {
        assertThat(load(write("")).identity().dnsResolver()).isEmpty();
        ServerConfig set = load(write("identity.dns-resolver = 127.0.0.1:5353\nidentity.dns-timeout = 2s\n"));
        assertThat(set.identity().dnsResolver()).hasValueSatisfying(a -> {
            assertThat(a.getHostString()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(5353);
        });
        assertThat(set.identity().dnsTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(load(write("identity.dns-resolver = [::1]:53\n")).identity().dnsResolver())
                .hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(53));
        assertThat(load(write("identity.dns-resolver = 192.0.2.53\n")).identity().dnsResolver())
                .hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(53));
        assertBad("identity.dns-resolver = 127.0.0.1:dns\n", "identity.dns-resolver = '127.0.0.1:dns' (in %s): the port is not a number");
        assertBad("identity.dns-resolver = 127.0.0.1:0\n", "identity.dns-resolver = '127.0.0.1:0' (in %s): use host, host:port or [IPv6]:port");
        assertBad("identity.dns-timeout = never\n", "identity.dns-timeout = 'never' (in %s): not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
    }

    @Test
    void aThresholdAboveTheVaultsIsRefused() throws IOException {
        assertBad("kms.threshold = 3\n",
                "kms.threshold = '3' (in %s): more than the 2 vaults configured (embedded, kms.embedded.count = 2): no key could ever be rebuilt");
        assertBad("kms.threshold = 3\nkms.vaults = a,b\n" + vault("a") + vault("b"),
                "kms.threshold = '3' (in %s): more than the 2 vaults configured (a,b): no key could ever be rebuilt");
    }

    @Test
    void vaultListsAndTheirSettingsAreChecked() throws IOException {
        assertBad("kms.vaults = a\n" + vault("a"),
                "kms.vaults = 'a' (in %s): list at least 2 vaults (one vault alone would hold whole keys), or 'embedded'");
        assertBad("kms.vaults = a,a\n", "kms.vaults = 'a,a' (in %s): vault a is listed twice");
        assertBad("kms.vaults = a,embedded\n",
                "kms.vaults = 'a,embedded' (in %s): 'embedded' stands alone: either vaults in this process or a list of remote vaults");
        assertBad("kms.vaults = a,Vault_B\n",
                "kms.vaults = 'a,Vault_B' (in %s): 'Vault_B' is not a vault name (1 to 32 lower-case letters, digits and '-')");
        assertBad("kms.vaults = a,b\nkms.embedded.count = 3\n" + vault("a") + vault("b"),
                "kms.embedded.count = '3' (in %s): applies only to kms.vaults = embedded");
        assertBad("kms.vaults = a,b\n" + vault("a") + "kms.vault.b.token-file = " + token("b.token") + "\n",
                "kms.vault.b.url is not set: vault b is listed in kms.vaults and needs its url (or SEALPOST_KMS_VAULT_B_URL)");
        assertBad("kms.vaults = a,b\n" + vault("a") + "kms.vault.b.url = ftp://x\nkms.vault.b.token-file = " + token("b.token") + "\n",
                "kms.vault.b.url = 'ftp://x' (in %s): expected http://host:port/ or https://host:port/");
        assertBad("kms.vaults = a,b\n" + vault("a") + vault("b") + "kms.vault.b.timeout = forever\n",
                "kms.vault.b.timeout = 'forever' (in %s): not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
    }

    @Test
    void anHttpsVaultNeedsItsPinAndTheClientIdentity() throws IOException {
        String https = "kms.vaults = a,b\n" + vault("a") + "kms.vault.b.url = https://vault-b:8702\nkms.vault.b.token-file = "
                + token("b.token") + "\n";
        assertBad(https, "kms.vault.b.tls-pins is not set: vault b has an https URL; give the SHA-256 pin(s) of its TLS"
                + " certificate (printed by `sealpost vault init` and `sealpost vault tls-cert`), comma-separated");
        assertBad(https + "kms.vault.b.tls-pins = " + PIN_1 + "\nkms.client-identity = " + clientIdentity("k.p12") + "\n",
                "kms.client-identity.password-env = 'SEALPOST_VAULT_CLIENT_PASSWORD' (default): the environment variable"
                        + " SEALPOST_VAULT_CLIENT_PASSWORD is not set: it must hold the password of kms.client-identity");
        assertBad(https + "kms.vault.b.tls-pins = " + PIN_1 + "\n", "kms.client-identity is not set: vault b has an https URL,"
                + " and the key service needs its client certificate (PKCS#12, made by `sealpost vault client-identity`)");
        Path badPin = write(https + "kms.vault.b.tls-pins = 12:34\nkms.client-identity = " + clientIdentity("c.p12") + "\n");
        assertThatThrownBy(() -> load(badPin)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kms.vault.b.tls-pins = '12:34' (in " + badPin + "): ");
        assertBad("kms.vaults = a,b\n" + vault("a") + vault("b") + "kms.vault.b.tls-pins = " + PIN_1 + "\n",
                "kms.vault.b.tls-pins = '" + PIN_1 + "' (in %s): applies only to an https:// vault URL");
    }

    @Test
    void tokenFilesMustExistBePrivateAndHoldAToken() throws IOException {
        Path missing = dir.resolve("missing.token");
        assertBad("kms.vaults = a,b\n" + vault("a") + "kms.vault.b.url = http://127.0.0.1:1\nkms.vault.b.token-file = " + missing + "\n",
                "kms.vault.b.token-file = '" + missing + "' (in %s): " + missing + ": no such token file");
        Path open = token("open.token");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertBad("kms.vaults = a,b\n" + vault("a") + "kms.vault.b.url = http://127.0.0.1:1\nkms.vault.b.token-file = " + open + "\n",
                "kms.vault.b.token-file = '" + open + "' (in %s): " + open + ": group or others may access this token file (chmod 600 it)");
        Path empty = token("empty.token");
        Files.writeString(empty, " \n");
        assertBad("kms.vaults = a,b\n" + vault("a") + "kms.vault.b.url = http://127.0.0.1:1\nkms.vault.b.token-file = " + empty + "\n",
                "kms.vault.b.token-file = '" + empty + "' (in %s): " + empty + ": the token file is empty");
    }

    @Test
    void theMailRelayAndChallengeRules() throws IOException {
        ServerConfig defaults = ServerConfig.load(Optional.empty(), Map.of(), Map.of());
        assertThat(defaults.mail()).isEqualTo(new MailRelaySettings("localhost", 25, SmtpSecurity.STARTTLS_REQUIRED,
                Optional.empty(), Optional.empty(), "sealpost@localhost"));
        assertThat(defaults.validation()).isEqualTo(ValidationSettings.defaults());

        Path file = write("""
                public-url = https://mail.example.org
                mail.relay.host = smtp.example.org
                mail.relay.port = 465
                mail.relay.security = tls
                mail.relay.username = sealpost
                mail.relay.password-env = RELAY_PASSWORD
                validation.challenge-lifetime = 2h
                validation.max-wrong-answers = 5
                validation.per-address = 3/30m
                validation.per-client = 100 / 1d
                """);
        Map<String, String> environment = Map.of("RELAY_PASSWORD", TOKEN);
        ServerConfig config = ServerConfig.load(Optional.of(file), environment, Map.of());
        assertThat(config.mail().sender()).as("the public URL's host names the default sender").isEqualTo("sealpost@mail.example.org");
        assertThat(config.mail().security()).isEqualTo(SmtpSecurity.TLS);
        assertThat(config.validation()).isEqualTo(new ValidationSettings(Duration.ofHours(2), 5,
                new RateLimit(3, Duration.ofMinutes(30)), new RateLimit(100, Duration.ofDays(1))));
        SmtpSettings smtp = config.mail().smtp(environment);
        assertThat(smtp.credentials()).hasValueSatisfying(c -> assertThat(new String(c.password())).isEqualTo(TOKEN));
        assertThat(String.join("\n", config.describe()) + config.settings(dir, Optional.empty(), environment)).doesNotContain(TOKEN);
        assertThat(ServerConfig.load(Optional.of(file), environment, Map.of(ConfigKeys.MAIL_RELAY_SECURITY, "none"))
                .mail().security()).isEqualTo(SmtpSecurity.NONE);

        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("mail.relay.password-env = 'RELAY_PASSWORD' (in " + file + "): environment variable RELAY_PASSWORD is not set");
        assertBad("mail.relay.security = ssl\n", "mail.relay.security = 'ssl' (in %s): use none, starttls or tls");
        assertBad("mail.relay.port = 0\n", "mail.relay.port = '0' (in %s): must be 1 to 65535");
        assertBad("mail.relay.username = me\n", "mail.relay.username = 'me' (in %s): a relay login needs mail.relay.password-env"
                + " (the environment variable holding its password)");
        assertBad("mail.sender = nobody\n", "mail.sender = 'nobody' (in %s): not a valid sender address for challenge mails: nobody (Missing final '@domain')");
        assertBad("validation.per-address = 5\n", "validation.per-address = '5' (in %s): expected <count>/<window>, e.g. 5/1h");
        assertBad("validation.per-client = 0/1h\n", "validation.per-client = '0/1h' (in %s): the count must be at least 1");
        assertBad("validation.challenge-lifetime = never\n",
                "validation.challenge-lifetime = 'never' (in %s): not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such configuration file");
    }

    private String vault(String name) {
        return "kms.vault." + name + ".url = http://127.0.0.1:870" + name.length() + "\nkms.vault." + name + ".token-file = "
                + token(name + ".token") + "\n";
    }

    /** A token file as `vault init` writes it: 0600, the token and a newline. */
    private Path token(String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, TOKEN + "\n");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }

    private void assertBad(String content, String message) throws IOException {
        Path file = write(content);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class).hasMessage(message.formatted(file));
    }

    private int files;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("sealpost-" + (++files) + ".properties"), content, StandardCharsets.UTF_8);
    }

    private static ServerConfig load(Path file) {
        return ServerConfig.load(Optional.of(file), Map.of(), Map.of());
    }
}
