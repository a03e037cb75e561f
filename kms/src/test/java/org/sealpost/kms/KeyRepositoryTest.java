package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.testing.TestDatabase;

/** Table kms_key and its SQL, on H2 and PostgreSQL. */
class KeyRepositoryTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456Z");

    private final SecureRandom random = new SecureRandom();
    private final KeyIds ids = new KeyIds(random);
    private final KeyPair pair = new KeyPairFactory(random).generate(KeySpec.EC_P256);
    private final KeyRepository repository = new KeyRepository();

    @ParameterizedTest
    @MethodSource(BOTH)
    void storesFindsAndListsHistoryNewestFirstWithoutPendingKeys(TestDatabase testDb) {
        Database db = testDb.open();
        KeyRecord retired = key("Alice@Example.ORG", KeyStatus.RETIRED, NOW.minus(800, ChronoUnit.DAYS));
        KeyRecord active = key("alice@example.org", KeyStatus.ACTIVE, NOW.minus(10, ChronoUnit.DAYS));
        KeyRecord pending = key("alice@example.org", KeyStatus.PENDING, NOW);
        KeyRecord bob = key("bob@example.org", KeyStatus.PROVISIONAL, NOW);
        db.inTransaction(c -> {
            for (KeyRecord k : List.of(retired, active, pending, bob)) {
                repository.insert(c, k);
            }
            return null;
        });

        KeyRecord found = db.<Optional<KeyRecord>>inTransaction(c -> repository.find(c, active.keyId())).orElseThrow();
        assertThat(found).isEqualTo(active);
        assertThat(found.address()).isEqualTo("alice@example.org");
        assertThat(found.vaultIds()).containsExactly("vault-a", "vault-b", "vault-c");
        assertThat(found.createdAt()).isEqualTo(NOW.minus(10, ChronoUnit.DAYS));
        assertThat(found.decodePublicKey()).isEqualTo(pair.getPublic());

        assertThat(db.<List<KeyRecord>>inTransaction(c -> repository.history(c, "ALICE@example.org")))
                .extracting(KeyRecord::keyId).containsExactly(active.keyId(), retired.keyId());
        assertThat(db.<Optional<KeyRecord>>inTransaction(c -> repository.current(c, "alice@example.org")))
                .map(KeyRecord::keyId).contains(active.keyId());
        assertThat(db.<Optional<KeyRecord>>inTransaction(c -> repository.current(c, "bob@example.org")))
                .map(KeyRecord::status).contains(KeyStatus.PROVISIONAL);
        assertThat(db.<List<KeyRecord>>inTransaction(c -> repository.history(c, "carol@example.org"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void findsOldPendingKeysAndActivatesOrDeletesThem(TestDatabase testDb) {
        Database db = testDb.open();
        KeyRecord old = key("a@example.org", KeyStatus.PENDING, NOW.minus(2, ChronoUnit.HOURS));
        KeyRecord fresh = key("a@example.org", KeyStatus.PENDING, NOW.minus(1, ChronoUnit.MINUTES));
        KeyRecord activeOld = key("a@example.org", KeyStatus.ACTIVE, NOW.minus(3, ChronoUnit.HOURS));
        db.inTransaction(c -> {
            repository.insert(c, old);
            repository.insert(c, fresh);
            repository.insert(c, activeOld);
            return null;
        });

        Instant cutoff = NOW.minus(1, ChronoUnit.HOURS);
        assertThat(db.<List<KeyRecord>>inTransaction(c -> repository.pendingOlderThan(c, cutoff)))
                .extracting(KeyRecord::keyId).containsExactly(old.keyId());
        assertThat(db.<Boolean>inTransaction(c -> repository.lockPending(c, old.keyId()))).isTrue();
        assertThat(db.<Boolean>inTransaction(c -> repository.lockPending(c, activeOld.keyId()))).isFalse();
        assertThat(db.<Boolean>inTransaction(c -> repository.lockPending(c, "no-such-key"))).isFalse();

        assertThat(db.<Boolean>inTransaction(c -> repository.changeStatus(c, fresh.keyId(), KeyStatus.PENDING, KeyStatus.ACTIVE))).isTrue();
        assertThat(db.<Boolean>inTransaction(c -> repository.changeStatus(c, fresh.keyId(), KeyStatus.PENDING, KeyStatus.ACTIVE))).isFalse();
        assertThat(db.<Boolean>inTransaction(c -> repository.deletePending(c, old.keyId()))).isTrue();
        assertThat(db.<Boolean>inTransaction(c -> repository.deletePending(c, activeOld.keyId()))).isFalse();
        assertThat(db.<List<KeyRecord>>inTransaction(c -> repository.history(c, "a@example.org")))
                .extracting(KeyRecord::keyId).containsExactly(fresh.keyId(), activeOld.keyId());
        assertThat(db.<List<KeyRecord>>inTransaction(c -> repository.pendingOlderThan(c, NOW.plusSeconds(1)))).isEmpty();
    }

    @Test
    void keyIdsAreRandomUrlSafe128BitStrings() {
        String id = ids.next();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(ids.next()).isNotEqualTo(id);
    }

    @Test
    void recordsAreValidatedAndAddressesNormalized() {
        assertThat(key("Jörg@Bücher.Example", KeyStatus.ACTIVE, NOW).address()).isEqualTo("jörg@xn--bcher-kva.example");
        assertThatThrownBy(() -> new KeyRecord("id", "a@example.org", KeySpec.EC_P256, new byte[] {1}, 2, 3, List.of("a", "b"),
                KeyStatus.ACTIVE, NOW)).hasMessageContaining("one vault id per share");
        assertThatThrownBy(() -> new KeyRecord("id", "a@example.org", KeySpec.EC_P256, new byte[] {1}, 1, 1, List.of("a"),
                KeyStatus.ACTIVE, NOW)).hasMessageContaining("2 <= k");
        assertThatThrownBy(() -> new KeyRecord("id", "no-at-sign", KeySpec.EC_P256, new byte[] {1}, 2, 2, List.of("a", "b"),
                KeyStatus.ACTIVE, NOW)).hasMessageContaining("not a mail address");
        assertThatThrownBy(() -> new KeyRecord("id", "a@example.org", KeySpec.EC_P256, new byte[] {1}, 2, 2, List.of("a", "b,c"),
                KeyStatus.ACTIVE, NOW)).hasMessageContaining("comma");
    }

    private KeyRecord key(String address, KeyStatus status, Instant created) {
        return new KeyRecord(ids.next(), address, KeySpec.EC_P256, pair.getPublic().getEncoded(), 2, 3,
                List.of("vault-a", "vault-b", "vault-c"), status, created);
    }
}
