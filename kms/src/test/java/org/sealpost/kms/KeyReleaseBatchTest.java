package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;
import org.sealpost.vault.VaultClient;

/**
 * Release reads a whole key history with one batch read per vault: shares land at the right
 * positions, a tampered or missing share of one key in a batch is passed over for that key only,
 * and a vault outage is told apart from other failures ({@link VaultsUnavailableException}).
 */
class KeyReleaseBatchTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";

    @TempDir
    Path dir;

    private final ReleasePackage packages = new ReleasePackage(KeyServiceRig.RANDOM);

    private KeyServiceRig rig(TestDatabase testDb, int k, int n) {
        return new KeyServiceRig(testDb.open(), dir, k, n);
    }

    /** Alice's history of {@code size} P-256 keys, newest first. */
    private static List<KeyRecord> history(KeyServiceRig rig, KeyService service, int size) {
        service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
        for (int i = 1; i < size; i++) {
            rig.clock.advance(Duration.ofSeconds(1));
            service.rotate(ALICE, KeySpec.EC_P256);
        }
        return rig.history(ALICE);
    }

    private List<String> releasedIds(KeyService service) {
        KeyPair transport = KeyServiceRig.transportKey();
        byte[] envelope = service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test");
        List<ReleasedKey> released = packages.open(envelope, transport.getPrivate(), transport.getPublic());
        return released.stream().map(ReleasedKey::keyId).toList();
    }

    private static List<String> ids(List<KeyRecord> keys) {
        return keys.stream().map(KeyRecord::keyId).toList();
    }

    private static List<Integer> batchReads(KeyServiceRig rig) {
        return rig.vaults.stream().map(SwitchableVaultClient::batchReads).toList();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aReleaseAsksEveryVaultOnceForTheWholeHistory(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            List<KeyRecord> history = history(rig, rig.service, 3);
            assertThat(releasedIds(rig.service)).containsExactlyElementsOf(ids(history));
            assertThat(batchReads(rig)).containsExactly(1, 1, 1);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void keysSplitOverVaultsInAnotherOrderAreRebuiltFromTheRightShareIndexes(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord first = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            // The configured order changes: share 1 of later keys goes to what was vault 3.
            List<VaultClient> reordered = List.of(rig.vaults.get(2), rig.vaults.get(0), rig.vaults.get(1));
            KeyService later = new KeyService(rig.db, rig.audit, rig.pool, reordered, 2, rig.protection, rig.clock, KeyServiceRig.RANDOM);
            rig.clock.advance(Duration.ofSeconds(1));
            KeyRecord second = later.rotate(ALICE, KeySpec.EC_P256);
            assertThat(second.vaultIds()).containsExactly(rig.vault(2).vaultId(), rig.vault(0).vaultId(), rig.vault(1).vaultId());

            // Every pair of vaults has to put each key's shares at that key's own positions.
            for (int down = 0; down < 3; down++) {
                rig.vaults.get(down).down();
                assertThat(releasedIds(rig.service)).as("vault %d down", down + 1).containsExactly(second.keyId(), first.keyId());
                assertThat(releasedIds(later)).containsExactly(second.keyId(), first.keyId());
                rig.vaults.get(down).up();
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aTamperedShareOfOneKeyInABatchIsPassedOverForThatKeyOnly(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            List<KeyRecord> history = history(rig, rig.service, 3);
            KeyServiceTest.flipSealedByte(dir, 1, history.get(1).keyId());
            // Vault 3 is slow: the other keys need only vaults 1 and 2, the tampered one waits for vault 3.
            rig.vaults.get(2).slowGets(Duration.ofMillis(300));
            assertThat(releasedIds(rig.service)).containsExactlyElementsOf(ids(history));
            assertThat(rig.auditRecords().getLast().details()).doesNotContain("warning");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aTamperedShareOfOneKeyFailsTwoOfTwoNamingThatKey(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            List<KeyRecord> history = history(rig, rig.service, 3);
            String victim = history.get(2).keyId();
            KeyServiceTest.flipSealedByte(dir, 2, victim);
            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(KeyServiceException.class).isNotInstanceOf(VaultsUnavailableException.class)
                    .hasMessage("cannot release key " + victim + " of " + ALICE + ": 1 of the 2 shares needed could be read; vault "
                            + rig.vault(1).vaultId() + ": share for key " + victim + " failed authentication: tampered or wrong vault");
            AuditRecord failed = rig.auditRecords().getLast();
            assertThat(failed.action()).isEqualTo("kms.release.failed");
            assertThat(failed.details()).contains("cannot release key " + victim);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aMissingShareOfOneKeyIsPassedOverWhenKOthersRemain(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            List<KeyRecord> history = history(rig, rig.service, 3);
            String victim = history.getLast().keyId();
            assertThat(rig.vault(0).delete(victim)).isTrue();
            assertThat(releasedIds(rig.service)).containsExactlyElementsOf(ids(history));

            assertThat(rig.vault(1).delete(victim)).isTrue();
            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(KeyServiceException.class).isNotInstanceOf(VaultsUnavailableException.class)
                    .hasMessageContaining("cannot release key " + victim)
                    .hasMessageContaining("vault " + rig.vault(0).vaultId() + " has no share of it")
                    .hasMessageContaining("vault " + rig.vault(1).vaultId() + " has no share of it");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anOutageIsToldApartWhenOnlyTheUnreachableVaultsStandInTheWay(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            List<KeyRecord> history = history(rig, rig.service, 2);
            String victim = history.getFirst().keyId();
            KeyServiceTest.flipSealedByte(dir, 1, victim);
            rig.vaults.get(2).down();
            KeyPair transport = KeyServiceRig.transportKey();
            // Vault 1's share is tampered, vault 3 is down: once vault 3 is back the key can be rebuilt.
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOfSatisfying(VaultsUnavailableException.class,
                            e -> assertThat(e.vaults()).containsExactly(rig.vault(2).vaultId()))
                    .hasMessageContaining("cannot release key " + victim)
                    .hasMessageContaining("failed authentication")
                    .hasMessageContaining("vault " + rig.vault(2).vaultId() + " is unavailable");
            rig.vaults.get(2).up();
            assertThat(releasedIds(rig.service)).containsExactlyElementsOf(ids(history));
        }
    }

    @Test
    void aHistoryLongerThanOneBatchIsReadInSeveralBatches() throws Exception {
        try (TestDatabase h2 = TestDatabases.h2(); KeyServiceRig rig = rig(h2, 2, 2)) {
            // Written directly (one key pair, many key ids): rotating this often through the service only costs time.
            KeyPair pair = KeyServiceRig.transportKey();
            KeySplitter splitter = new KeySplitter(2, 2, KeyServiceRig.RANDOM);
            KeyIds keyIds = new KeyIds(KeyServiceRig.RANDOM);
            int size = org.sealpost.vault.KeyIds.MAX_BATCH + 2;
            for (int i = 0; i < size; i++) {
                KeyRecord key = new KeyRecord(keyIds.next(), ALICE, KeySpec.EC_P256, pair.getPublic().getEncoded(), 2, 2,
                        List.of(rig.vault(0).vaultId(), rig.vault(1).vaultId()), i == size - 1 ? KeyStatus.ACTIVE : KeyStatus.RETIRED,
                        KeyServiceRig.START.plusSeconds(i));
                List<Share> shares = splitter.split(pair.getPrivate());
                rig.vault(0).put(key.keyId(), shares.get(0).bytes());
                rig.vault(1).put(key.keyId(), shares.get(1).bytes());
                rig.db.inTransaction(c -> {
                    new KeyRepository().insert(c, key);
                    return null;
                });
            }
            List<KeyRecord> history = rig.history(ALICE);
            assertThat(history).hasSize(size);
            assertThat(releasedIds(rig.service)).containsExactlyElementsOf(ids(history));
            assertThat(batchReads(rig)).containsExactly(2, 2);
        }
    }
}
