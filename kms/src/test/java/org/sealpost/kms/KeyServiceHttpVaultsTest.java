package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.keys.Identity;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultEndpoint;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultService;
import org.sealpost.vault.VaultTlsFiles;
import org.sealpost.vault.VaultTransport;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.TlsCertificates;

/**
 * The production topology in one JVM: vaults served over mutual TLS on their own ports, each with its
 * own directory, database, KEK and TLS certificate, reached through {@link HttpVaultClient} with the key
 * service's client certificate and each vault's pin; one is stopped and started again.
 */
class KeyServiceHttpVaultsTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";

    @TempDir
    Path dir;

    private final List<VaultService> running = new ArrayList<>();
    private final Identity keyService = TlsCertificates.selfSigned("Sealpost key service", TlsCertificates.Role.CLIENT, List.of(),
            KeyServiceRig.RANDOM, Instant.now());
    private KeyPool pool;

    @AfterEach
    void stop() {
        running.forEach(VaultService::close);
        if (pool != null) {
            pool.close();
        }
    }

    /** A new vault directory with TLS material, trusting {@link #keyService}; returns its client token. */
    private char[] init(Path data) {
        return VaultHome.init(data, new KekChoice.File(), null, Optional.of(new VaultTlsFiles.Setup(VaultTlsFiles.DEFAULT_NAMES,
                Optional.empty(), Set.of(CertificatePin.of(keyService.certificate())))), KeyServiceRig.RANDOM).clientToken();
    }

    private VaultService start(Path data, int port) {
        VaultService service = VaultService.open(data, Optional.empty(), null);
        VaultHome home = service.home();
        running.add(service);
        return service.serve("127.0.0.1", port, new VaultTransport.MutualTls(home.tls().load(Optional.empty()), home.trustedClients()));
    }

    private HttpVaultClient client(URI url, char[] token, Path data) {
        CertificatePin pin = CertificatePin.of(VaultHome.load(data).tls().certificate());
        return HttpVaultClient.create(new VaultEndpoint.MutualTls(url, token, Set.of(pin), keyService), Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void createAndReleaseOverMutualTlsSurviveAStoppedVault(TestDatabase testDb) {
        Database db = testDb.open();
        MutableClock clock = new MutableClock(KeyServiceRig.START);
        AuditLog audit = new AuditLog(db, clock);
        List<Path> dirs = List.of(dir.resolve("a"), dir.resolve("b"));
        List<VaultClient> clients = new ArrayList<>();
        List<VaultService> services = new ArrayList<>();
        for (Path data : dirs) {
            char[] token = init(data);
            VaultService service = start(data, 0);
            services.add(service);
            clients.add(client(URI.create("https://127.0.0.1:" + service.port()), token, data));
        }
        pool = new KeyPool(new KeyPairFactory(KeyServiceRig.RANDOM), new KeyPoolSettings(Map.of(), 1));
        KeyProtection protection = new KeyProtection(db, audit, clock, KeyServiceRig.RANDOM, KeyServiceRig.PROTECTION);
        KeyService service = new KeyService(db, audit, pool, clients, 2, protection, clock, KeyServiceRig.RANDOM);
        String idB = services.get(1).home().vaultId();

        KeyRecord key = service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
        assertThat(key.vaultIds()).containsExactly(services.get(0).home().vaultId(), idB);
        KeyPair transport = KeyServiceRig.transportKey();
        ReleasePackage packages = new ReleasePackage(KeyServiceRig.RANDOM);
        List<ReleasedKey> released = packages.open(service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"),
                transport.getPrivate(), transport.getPublic());
        assertThat(released).extracting(ReleasedKey::keyId).containsExactly(key.keyId());

        // Vault b's process stops.
        int portB = services.get(1).port();
        services.get(1).close();
        assertThatThrownBy(() -> service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults()).containsExactly(idB))
                .hasMessageContaining("cannot release key " + key.keyId())
                .hasMessageContaining("vault " + idB + " is unavailable");
        assertThatThrownBy(() -> service.rotate(ALICE, KeySpec.EC_P256))
                .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults()).containsExactly(idB))
                .hasMessageContaining("vault " + idB + " is unavailable")
                .hasMessageContaining("no key was created");
        assertThat(services.get(0).vault().keyIds()).as("vault a's share of the failed key is deleted again").containsExactly(key.keyId());
        assertThat(service.cleanUpPending(Duration.ZERO)).isZero();

        // ... and starts again on the same port.
        start(dirs.get(1), portB);
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.cleanUpPending(Duration.ofMinutes(5))).isEqualTo(1);
        KeyRecord rotated = service.rotate(ALICE, KeySpec.EC_P256);
        released = packages.open(service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"),
                transport.getPrivate(), transport.getPublic());
        assertThat(released).extracting(ReleasedKey::keyId).containsExactly(rotated.keyId(), key.keyId());

        assertThat(audit.tail(100)).extracting(AuditRecord::action).containsExactly("kms.create", "kms.release", "kms.release.failed",
                "kms.create.failed", "kms.create.cleanup", "kms.retire", "kms.create", "kms.release");
        assertThat(audit.verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aServiceStartedWhileAVaultIsDownStillReleasesTwoOfThree(TestDatabase testDb) {
        Database db = testDb.open();
        MutableClock clock = new MutableClock(KeyServiceRig.START);
        AuditLog audit = new AuditLog(db, clock);
        List<URI> urls = new ArrayList<>();
        List<char[]> tokens = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<VaultService> services = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Path data = dir.resolve(name);
            tokens.add(init(data));
            dirs.add(data);
            VaultService vault = start(data, 0);
            services.add(vault);
            urls.add(URI.create("https://127.0.0.1:" + vault.port()));
        }
        pool = new KeyPool(new KeyPairFactory(KeyServiceRig.RANDOM), new KeyPoolSettings(Map.of(), 1));
        KeyProtection protection = new KeyProtection(db, audit, clock, KeyServiceRig.RANDOM, KeyServiceRig.PROTECTION);
        KeyRecord key = service(db, audit, protection, clock, urls, tokens, dirs).create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);

        // Vault c is down when the key service (re)starts: it cannot even learn c's id.
        services.get(2).close();
        KeyService restarted = service(db, audit, protection, clock, urls, tokens, dirs);
        KeyPair transport = KeyServiceRig.transportKey();
        List<ReleasedKey> released = new ReleasePackage(KeyServiceRig.RANDOM).open(
                restarted.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport.getPrivate(), transport.getPublic());
        assertThat(released).extracting(ReleasedKey::keyId).containsExactly(key.keyId());
        assertThatThrownBy(() -> restarted.create("bob@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE))
                .isInstanceOf(VaultsUnavailableException.class)
                .hasMessageContaining("vault 3 of 3 (HttpVaultClient[" + urls.get(2))
                .hasMessageContaining("cannot learn its vault id");
        assertThat(audit.tail(1).getFirst().action()).isEqualTo("kms.create.failed");
        assertThat(services.get(0).vault().keyIds()).containsExactly(key.keyId());

        // Vault b stops too: c, whose id was never learnt, counts as unreachable, so this is an outage.
        String idB = services.get(1).home().vaultId();
        String idC = services.get(2).home().vaultId();
        services.get(1).close();
        assertThatThrownBy(() -> restarted.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults()).containsExactlyInAnyOrder(idB, idC))
                .hasMessageContaining("1 of the 2 shares needed could be read")
                .hasMessageContaining("vault " + idC + " is not configured or unreachable");
    }

    private KeyService service(Database db, AuditLog audit, KeyProtection protection, MutableClock clock, List<URI> urls,
                               List<char[]> tokens, List<Path> dirs) {
        List<VaultClient> clients = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            clients.add(client(urls.get(i), tokens.get(i), dirs.get(i)));
        }
        return new KeyService(db, audit, pool, clients, 2, protection, clock, KeyServiceRig.RANDOM);
    }
}
