package org.sealpost.directory;

import java.nio.file.Files;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.kms.Argon2Settings;
import org.sealpost.kms.EmbeddedVaults;
import org.sealpost.kms.KeyPairFactory;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.MutableClock;
import org.sealpost.kms.ProtectionSettings;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.vault.VaultClient;

/**
 * The directory's parts over one test database, as one server node wires them: the CA (issues the
 * encryption certificates that get published), a key service with two embedded vaults, and a clock
 * that moves only when told.
 */
final class DirectoryRig implements AutoCloseable {
    static final SecureRandom RANDOM = new SecureRandom();
    static final TestCa CA = TestCa.create(CaAlgorithm.EC);
    static final Duration PROVISIONAL_LIFETIME = Duration.ofDays(30);

    final MutableClock clock = new MutableClock(Instant.now());
    final Database db;
    final AuditLog audit;
    final CaServices ca;
    final Directory directory;
    final KeyPool pool = new KeyPool(new KeyPairFactory(RANDOM), new KeyPoolSettings(Map.of(), 1));
    final EmbeddedVaults vaults;
    final KeyService keys;

    DirectoryRig(Database db) {
        this.db = db;
        this.audit = new AuditLog(db, clock);
        this.ca = CaServices.open(CA.ca(), db, audit, CaPolicy.defaults(), RANDOM, clock);
        this.directory = new Directory(db, ca.records(), audit, clock);
        try {
            this.vaults = EmbeddedVaults.open(Files.createTempDirectory("sealpost-directory-vaults"), 2, RANDOM);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        KeyProtection protection = new KeyProtection(db, audit, clock, RANDOM, new ProtectionSettings(new Argon2Settings(64, 1, 1), 5,
                Duration.ofMinutes(1), Duration.ofMinutes(10)));
        this.keys = new KeyService(db, audit, pool, List.<VaultClient>copyOf(vaults.clients()), 2, protection, clock, RANDOM);
    }

    ProvisionalKeys provisionalKeys(Quota perSender) {
        return new ProvisionalKeys(db, keys, KeySpec.EC_P256, PROVISIONAL_LIFETIME, new RateLimiter(perSender, 1000), clock);
    }

    /** An encryption certificate of this CA for {@code addresses}, recorded as issued. */
    X509Certificate issueEncryption(KeyPair key, String... addresses) {
        return issue(key, "encryption", addresses);
    }

    X509Certificate issue(KeyPair key, String profile, String... addresses) {
        try {
            return ca.issuance().issue(IssuanceRequest.forKey(key.getPublic(), profile).withEmails(List.of(addresses)), "test")
                    .certificate();
        } catch (CaException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
        vaults.close();
    }
}
