package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.server.testing.ServerProperties.databaseOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyRepository;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.ReleasePackage;
import org.sealpost.kms.ReleasedKey;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import org.sealpost.server.keys.KeyTopology;
import org.sealpost.server.testing.RunningVaults;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;

/**
 * The key service inside the server, configured the way an operator configures it (a properties
 * file, the database by JDBC URL): embedded vaults by default, two vaults in their own HTTP servers
 * by configuration, a vault stopped and started again, and the scheduled clean-up of partial writes.
 */
class ServerKeyServiceTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private RunningVaults vaults;

    @AfterEach
    void stopVaults() {
        if (vaults != null) {
            vaults.close();
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void embeddedVaultsByDefaultCreateAndRelease(TestDatabase testDb) throws Exception {
        Properties config = databaseOf(testDb);
        config.setProperty(ConfigKeys.KMS_POOL_SIZE, "0");
        Path data = dir.resolve("data");
        try (SealpostServer server = start(config, testDb, data)) {
            KeyTopology topology = server.keyTopology();
            assertThat(topology.scheme()).isEqualTo("2-of-2");
            assertThat(topology.embedded()).isTrue();
            assertThat(topology.vaults()).extracting(KeyTopology.Vault::name).containsExactly("vault-1", "vault-2");
            assertThat(topology.vaults()).allSatisfy(v -> assertThat(v.vaultId()).isPresent());
            assertThat(data.resolve("vaults/vault-1/vault/kek.key")).exists();

            KeyRecord key = server.keys().create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThat(key.vaultIds()).containsExactly(topology.vaults().get(0).vaultId().orElseThrow(),
                    topology.vaults().get(1).vaultId().orElseThrow());
            assertReleases(server, key);

            JsonNode health = health(server, 200);
            assertThat(health.path("status").asText()).isEqualTo("ok");
            JsonNode keys = health.path("components").path("keys");
            assertThat(keys.path("status").asText()).isEqualTo("ok");
            assertThat(keys.path("detail").asText()).isEqualTo("2-of-2: all 2 vaults reachable");
            assertThat(keys.path("components").path("vault-1").path("status").asText()).isEqualTo("ok");
            assertThat(keys.path("components").path("vault-2").path("detail").asText())
                    .contains(topology.vaults().get(1).vaultId().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void twoVaultsInTheirOwnProcessesByConfigurationSurviveAStoppedVault(TestDatabase testDb) throws Exception {
        vaults = new RunningVaults(dir).start("a", "b");
        Properties config = vaults.configure(databaseOf(testDb));
        config.setProperty("kms.vault.b.timeout", "5s");
        try (SealpostServer server = start(config, testDb, dir.resolve("data"))) {
            KeyTopology topology = server.keyTopology();
            assertThat(topology.embedded()).isFalse();
            assertThat(topology.vaults()).extracting(KeyTopology.Vault::name).containsExactly("a", "b");
            assertThat(topology.vaults().get(0).location()).isEqualTo(vaults.url("a").toString());
            String idB = vaults.vaultId("b");
            assertThat(topology.vaults().get(1).vaultId()).contains(idB);

            KeyRecord key = server.keys().create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThat(vaults.service("a").vault().keyIds()).containsExactly(key.keyId());
            assertThat(vaults.service("b").vault().keyIds()).containsExactly(key.keyId());
            assertReleases(server, key);
            assertThat(health(server, 200).path("components").path("keys").path("status").asText()).isEqualTo("ok");

            // Vault b's process stops: 2-of-2 cannot release, and /health says so and why.
            vaults.stop("b");
            JsonNode failing = health(server, 503);
            assertThat(failing.path("status").asText()).isEqualTo("failing");
            JsonNode keys = failing.path("components").path("keys");
            assertThat(keys.path("status").asText()).isEqualTo("failing");
            assertThat(keys.path("detail").asText()).isEqualTo("2-of-2: 1 of 2 vaults reachable, 2 needed: no key can be made or released");
            assertThat(keys.path("components").path("a").path("status").asText()).isEqualTo("ok");
            assertThat(keys.path("components").path("b").path("status").asText()).isEqualTo("failing");
            assertThat(keys.path("components").path("b").path("detail").asText())
                    .contains("vault at " + vaults.url("b") + " is unreachable");
            assertThat(failing.path("components").path("ca").path("status").asText()).isEqualTo("ok");
            KeyPair transport = transportKey();
            assertThatThrownBy(() -> server.keys().release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(KeyServiceException.class)
                    .hasMessageContaining("cannot release key " + key.keyId())
                    .hasMessageContaining("vault " + idB + " is unavailable");

            // ... and starts again on the same port.
            vaults.restart("b");
            assertThat(health(server, 200).path("status").asText()).isEqualTo("ok");
            assertReleases(server, key);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void vaultsOverMutualTlsByConfiguration(TestDatabase testDb) throws Exception {
        vaults = RunningVaults.mutualTls(dir).start("a", "b");
        Properties config = vaults.configure(databaseOf(testDb));
        try (SealpostServer server = start(config, testDb, dir.resolve("data"))) {
            assertThat(server.keyTopology().vaults().get(0).location()).startsWith("https://127.0.0.1:");
            KeyRecord key = server.keys().create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThat(vaults.service("b").vault().keyIds()).containsExactly(key.keyId());
            assertReleases(server, key);
            assertThat(health(server, 200).path("components").path("keys").path("status").asText()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theScheduledCleanUpRemovesAPartialWrite(TestDatabase testDb) throws Exception {
        vaults = new RunningVaults(dir).start("a", "b");
        Properties config = vaults.configure(databaseOf(testDb));
        config.setProperty(ConfigKeys.KMS_CLEANUP_INTERVAL, "100ms");
        try (SealpostServer server = start(config, testDb, dir.resolve("data"))) {
            // What a crash between writing the shares and activating the key leaves: a pending row
            // (older than the clean-up age) and a share in one vault.
            Database db = testDb.open();
            KeyRecord pending = new KeyRecord("crashedCreate000000000A", ALICE, KeySpec.EC_P256,
                    transportKey().getPublic().getEncoded(), 2, 2,
                    List.of(vaults.vaultId("a"), vaults.vaultId("b")), KeyStatus.PENDING,
                    Instant.now().minus(Duration.ofHours(1)));
            db.inTransaction(c -> {
                new KeyRepository().insert(c, pending);
                return null;
            });
            vaults.service("a").vault().put(pending.keyId(), new byte[] {1, 2, 3});

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (db.inTransaction(c -> new KeyRepository().find(c, pending.keyId())).isPresent()) {
                assertThat(System.nanoTime()).as("the clean-up ran within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(vaults.service("a").vault().keyIds()).as("the partial write's share is deleted too").isEmpty();
            assertThat(new AuditLog(db, java.time.Clock.systemUTC()).tail(10)).extracting(AuditRecord::action)
                    .contains("kms.create.cleanup");
            // The key service works on.
            assertReleases(server, server.keys().create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE));
        }
    }

    private SealpostServer start(Properties properties, TestDatabase testDb, Path data) throws Exception {
        Path file = dir.resolve(ServerConfig.DEFAULT_FILE);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(w, "test");
        }
        Map<String, String> environment = new HashMap<>(vaults == null ? Map.of() : vaults.environment());
        char[] password = testDb.config().password();
        if (password != null) {
            environment.put("SEALPOST_DB_PASSWORD", new String(password));
        }
        ServerConfig config = ServerConfig.load(Optional.of(file), environment, Map.of());
        return SealpostServer.start(config.settings(data, Optional.of("test-ca-password".toCharArray()), environment));
    }

    private static void assertReleases(SealpostServer server, KeyRecord expected) {
        KeyPair transport = transportKey();
        byte[] envelope = server.keys().release(ALICE, transport.getPublic(), Optional.empty(), "device:test");
        List<ReleasedKey> released = new ReleasePackage(RANDOM).open(envelope, transport.getPrivate(), transport.getPublic());
        assertThat(released).extracting(ReleasedKey::keyId).first().isEqualTo(expected.keyId());
        assertThat(matches(released.getFirst(), expected)).as("the released key belongs to the stored public key").isTrue();
    }

    /** Signs with the released private key and verifies with the record's public key. */
    private static boolean matches(ReleasedKey released, KeyRecord record) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
            signer.initSign(released.key());
            byte[] challenge = "challenge".getBytes(StandardCharsets.US_ASCII);
            signer.update(challenge);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(record.decodePublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair transportKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode health(SealpostServer server, int expectedStatus) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }
}
