package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.vault.VaultHome;

/**
 * The key service against embedded vaults, its own database on H2 and PostgreSQL: create, rotate,
 * release, the split's secrecy, vault faults, crashes, tampering and the protection password.
 */
class KeyServiceTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";
    private static final String SECRET = "correct horse battery staple";

    @TempDir
    Path dir;

    private final ReleasePackage packages = new ReleasePackage(KeyServiceRig.RANDOM);

    private KeyServiceRig rig(TestDatabase testDb, int k, int n) {
        return new KeyServiceRig(testDb.open(), dir, k, n);
    }

    private List<ReleasedKey> open(byte[] envelope, KeyPair transport) {
        return packages.open(envelope, transport.getPrivate(), transport.getPublic());
    }

    private static void assertReleases(List<ReleasedKey> released, List<KeyRecord> expected) {
        assertThat(released).extracting(ReleasedKey::keyId).containsExactlyElementsOf(expected.stream().map(KeyRecord::keyId).toList());
        KeyMaterialCheck check = new KeyMaterialCheck(KeyServiceRig.RANDOM);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(check.matches(expected.get(i).decodePublicKey(), released.get(i).key())).as("key %d matches its record", i).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void createAndReleaseTwoOfTwo(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord key = rig.service.create("Alice@Example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE);
            assertThat(key.address()).isEqualTo(ALICE);
            assertThat(key.threshold()).isEqualTo(2);
            assertThat(key.vaultIds()).containsExactly(rig.vault(0).vaultId(), rig.vault(1).vaultId());
            assertThat(rig.history(ALICE)).containsExactly(key);
            // Each vault holds exactly one share of it, under the key id.
            assertThat(rig.vault(0).keyIds()).containsExactly(key.keyId());
            assertThat(rig.vault(1).keyIds()).containsExactly(key.keyId());

            KeyPair transport = KeyServiceRig.transportKey();
            byte[] envelope = rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test");
            assertReleases(open(envelope, transport), List.of(key));

            List<AuditRecord> records = rig.auditRecords();
            assertThat(records).extracting(AuditRecord::action).containsExactly("kms.create", "kms.release");
            assertThat(records.get(0).subject()).isEqualTo(key.keyId());
            assertThat(records.get(0).details()).contains("address=" + ALICE, "spec=ec-p256", "k=2", "n=2", "status=active");
            assertThat(records.get(1).actor()).isEqualTo("device:test");
            assertThat(records.get(1).subject()).isEqualTo(ALICE);
            assertThat(records.get(1).details()).contains("keys=" + key.keyId(), "transport=");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void rotationKeepsTheOldKeyInTheReleasedHistoryNewestFirst(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord first = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            rig.clock.advance(Duration.ofDays(1));
            KeyRecord second = rig.service.rotate(ALICE, KeySpec.EC_P256);
            rig.clock.advance(Duration.ofDays(1));
            KeyRecord third = rig.service.rotate(ALICE, KeySpec.EC_P384);

            List<KeyRecord> history = rig.history(ALICE);
            assertThat(history).extracting(KeyRecord::keyId).containsExactly(third.keyId(), second.keyId(), first.keyId());
            assertThat(history).extracting(KeyRecord::status).containsExactly(KeyStatus.ACTIVE, KeyStatus.RETIRED, KeyStatus.RETIRED);

            KeyPair transport = KeyServiceRig.transportKey();
            List<ReleasedKey> released = open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport);
            assertReleases(released, history);
            assertThat(rig.auditRecords()).extracting(AuditRecord::action)
                    .containsExactly("kms.create", "kms.retire", "kms.create", "kms.retire", "kms.create", "kms.release");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void provisionalKeysAreReleasedActivatedAndCreateRefusesASecondCurrentKey(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord provisional = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.PROVISIONAL);
            assertThat(provisional.status()).isEqualTo(KeyStatus.PROVISIONAL);
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE))
                    .isInstanceOf(KeyServiceException.class).hasMessageContaining("already has the provisional key " + provisional.keyId());
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.RETIRED))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.PENDING))
                    .isInstanceOf(IllegalArgumentException.class);

            KeyPair transport = KeyServiceRig.transportKey();
            assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport),
                    List.of(provisional));
            // A refused create wrote nothing: still one share per vault.
            assertThat(rig.vault(0).keyIds()).containsExactly(provisional.keyId());

            KeyRecord active = rig.service.activateProvisional(ALICE, "signup");
            assertThat(active.status()).isEqualTo(KeyStatus.ACTIVE);
            assertThat(rig.history(ALICE)).containsExactly(active);
            assertThatThrownBy(() -> rig.service.activateProvisional(ALICE, "signup"))
                    .isInstanceOf(KeyServiceException.class).hasMessageContaining("is active");
            assertThatThrownBy(() -> rig.service.activateProvisional("bob@example.org", "signup"))
                    .isInstanceOf(KeyServiceException.class).hasMessageContaining("no provisional key");
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.activate");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void concurrentCreatesForOneAddressMakeExactlyOneKey(TestDatabase testDb) throws Exception {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            int racers = 6;
            var pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
            var start = new java.util.concurrent.CountDownLatch(1);
            try {
                var futures = java.util.stream.IntStream.range(0, racers).mapToObj(i -> pool.submit(() -> {
                    start.await();
                    return rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
                })).toList();
                start.countDown();
                int created = 0;
                for (var future : futures) {
                    try {
                        future.get();
                        created++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(KeyServiceException.class);
                    }
                }
                assertThat(created).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
            assertThat(rig.history(ALICE)).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void oneVaultsMaterialRevealsNothingButAnyKSharesRebuildTheKey(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            // Everything one vault can give: its database decrypted with its own KEK.
            List<Share> shares = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] bytes = rig.vault(i).get(key.keyId()).orElseThrow();
                shares.add(new Share(i + 1, bytes));
                Arrays.fill(bytes, (byte) 0);
            }
            KeySplitter splitter = new KeySplitter(2, 3, KeyServiceRig.RANDOM);
            KeyMaterialCheck check = new KeyMaterialCheck(KeyServiceRig.RANDOM);
            for (Share alone : shares) {
                assertThatThrownBy(() -> splitter.combine(List.of(alone), "EC"))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need at least 2 shares");
                // Treating the one share as the secret itself gives no key either.
                assertThatThrownBy(() -> check.requireMatch(key.keyId(), key.decodePublicKey(),
                        new KeySplitter(2, 2, KeyServiceRig.RANDOM).combine(List.of(alone, new Share(alone.index() % 3 + 1,
                                new byte[alone.bytes().length])), "EC")))
                        .isInstanceOf(KeyMismatchException.class);
            }
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    assertThat(check.matches(key.decodePublicKey(), splitter.combine(List.of(shares.get(a), shares.get(b)), "EC")))
                            .as("shares %d and %d", a + 1, b + 1).isTrue();
                }
            }
            shares.forEach(Share::wipe);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aVaultDownDuringCreateLeavesNoKeyAndCreateWorksWhenItIsBack(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            String downId = rig.vault(1).vaultId();
            rig.vaults.get(1).down();
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE))
                    .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults()).containsExactly(downId))
                    .hasMessageContaining("vault " + downId + " is unavailable")
                    .hasMessageContaining("no key was created");
            assertThat(rig.history(ALICE)).isEmpty();
            assertThat(rig.current(ALICE)).isEmpty();
            // The share vault 1 had acknowledged is gone again.
            assertThat(rig.vault(0).keyIds()).isEmpty();
            // The down vault may have received its share (a timed-out write), so the pending row stays for the clean-up.
            List<KeyRecord> pending = rig.pendingBefore(KeyServiceRig.START.plusSeconds(1));
            assertThat(pending).hasSize(1);
            AuditRecord failed = rig.auditRecords().getLast();
            assertThat(failed.action()).isEqualTo("kms.create.failed");
            assertThat(failed.details()).contains("address=" + ALICE, "pending=kept-for-clean-up", "unreachable=" + downId);
            // While the vault is down the clean-up leaves the row, too.
            rig.clock.advance(Duration.ofMinutes(10));
            assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).isZero();

            rig.vaults.get(1).up();
            assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).isEqualTo(1);
            assertThat(rig.pendingBefore(rig.clock.instant().plusSeconds(1))).isEmpty();
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThat(rig.history(ALICE)).containsExactly(key);
            KeyPair transport = KeyServiceRig.transportKey();
            assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport), List.of(key));
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theFirstVaultDownWritesNothingAndDeletesThePendingRowWhenTheOthersConfirm(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            rig.vaults.get(0).down();
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE))
                    .isInstanceOf(KeyServiceException.class).hasMessageContaining(rig.vault(0).vaultId());
            rig.vaults.get(0).up();
            for (int i = 0; i < 3; i++) {
                assertThat(rig.vault(i).keyIds()).isEmpty();
            }
            // Vault 1 was down when the failed create deleted its shares, so the row stayed for the clean-up.
            rig.clock.advance(Duration.ofMinutes(10));
            assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).isEqualTo(1);
            assertThat(rig.auditRecords()).extracting(AuditRecord::action).containsExactly("kms.create.failed", "kms.create.cleanup");
            assertThat(rig.auditRecords().getFirst().details()).contains("pending=kept-for-clean-up unreachable=" + rig.vault(0).vaultId());
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aVaultRefusingTheShareLeavesNothingBehindWhenAllVaultsCanBeCleaned(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            rig.vaults.get(1).beforePut(() -> {
                throw new IllegalArgumentException("vault refused the share (test)");
            });
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE))
                    .isInstanceOf(KeyServiceException.class).isNotInstanceOf(VaultsUnavailableException.class)
                    .hasMessageContaining("vault " + rig.vault(1).vaultId() + " did not store its share (vault refused the share (test))");
            assertThat(rig.vault(0).keyIds()).isEmpty();
            assertThat(rig.pendingBefore(rig.clock.instant().plusSeconds(1))).as("nothing left for the clean-up").isEmpty();
            AuditRecord failed = rig.auditRecords().getLast();
            assertThat(failed.action()).isEqualTo("kms.create.failed");
            assertThat(failed.details()).contains("pending=deleted");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aVaultDownDuringReleaseIsSkippedWhenKOthersAnswer(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            KeyPair transport = KeyServiceRig.transportKey();
            for (int down = 0; down < 3; down++) {
                rig.vaults.get(down).down();
                assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport),
                        List.of(key));
                rig.vaults.get(down).up();
            }
            rig.vaults.get(0).down();
            rig.vaults.get(2).down();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults())
                            .containsExactlyInAnyOrder(rig.vault(0).vaultId(), rig.vault(2).vaultId()))
                    .hasMessageContaining("1 of the 2 shares needed could be read")
                    .hasMessageContaining("vault " + rig.vault(0).vaultId() + " is unavailable")
                    .hasMessageContaining("vault " + rig.vault(2).vaultId() + " is unavailable");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aHangingVaultDoesNotDelayReleaseWhenKOthersAnswer(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord first = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            rig.clock.advance(Duration.ofDays(1));
            KeyRecord second = rig.service.rotate(ALICE, KeySpec.EC_P256);
            rig.vaults.get(0).slowGets(Duration.ofSeconds(20));
            KeyPair transport = KeyServiceRig.transportKey();
            long start = System.nanoTime();
            byte[] envelope = rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertReleases(open(envelope, transport), List.of(second, first));
            rig.vaults.get(0).slowGets(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aVaultDownDuringTwoOfTwoReleaseIsAClearErrorUntilItIsBack(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            KeyPair transport = KeyServiceRig.transportKey();
            rig.vaults.get(1).down();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOfSatisfying(VaultsUnavailableException.class, e -> assertThat(e.vaults()).containsExactly(rig.vault(1).vaultId()))
                    .hasMessageContaining("cannot release key " + key.keyId())
                    .hasMessageContaining("vault " + rig.vault(1).vaultId() + " is unavailable");
            AuditRecord failed = rig.auditRecords().getLast();
            assertThat(failed.action()).isEqualTo("kms.release.failed");
            assertThat(failed.actor()).isEqualTo("device:test");
            assertThat(failed.details()).contains("reason=cannot release key " + key.keyId());

            rig.vaults.get(1).up();
            assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport), List.of(key));
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aCrashAfterThePendingRowLeavesNoKeyAndTheCleanUpRemovesRowAndShares(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyPair pair = KeyServiceRig.transportKey();
            KeyRecord crashed = new KeyRecord(new KeyIds(KeyServiceRig.RANDOM).next(), ALICE, KeySpec.EC_P256, pair.getPublic().getEncoded(),
                    2, 2, List.of(rig.vault(0).vaultId(), rig.vault(1).vaultId()), KeyStatus.PENDING, rig.clock.instant());
            rig.db.inTransaction(c -> {
                new KeyRepository().insert(c, crashed);
                return null;
            });
            List<Share> shares = new KeySplitter(2, 2, KeyServiceRig.RANDOM).split(pair.getPrivate());
            rig.vault(0).put(crashed.keyId(), shares.get(0).bytes());
            // ... and the process died before writing share 2.

            assertThat(rig.history(ALICE)).isEmpty();
            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(NoKeysException.class).hasMessageContaining("has no keys");
            // A crashed create is not an address's key: a new one can be made meanwhile.
            KeyRecord fresh = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);

            assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).as("too young to clean up").isZero();
            rig.clock.advance(Duration.ofMinutes(6));
            assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).isEqualTo(1);
            assertThat(rig.find(crashed.keyId())).isEmpty();
            assertThat(rig.vault(0).keyIds()).containsExactly(fresh.keyId());
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.create.cleanup");
            assertThat(rig.history(ALICE)).containsExactly(fresh);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aCleanUpOvertakingASlowCreateMakesTheCreateFailWithoutAKey(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            // While share 2 is being written, the clock jumps and a clean-up removes the "stale" pending key.
            rig.vaults.get(1).beforePut(() -> {
                rig.clock.advance(Duration.ofMinutes(10));
                assertThat(rig.service.cleanUpPending(Duration.ofMinutes(5))).isEqualTo(1);
            });
            assertThatThrownBy(() -> rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE))
                    .isInstanceOf(KeyServiceException.class).hasMessageContaining("was removed meanwhile");
            rig.vaults.get(1).beforePut(() -> { });
            assertThat(rig.history(ALICE)).isEmpty();
            assertThat(rig.vault(0).keyIds()).isEmpty();
            assertThat(rig.vault(1).keyIds()).isEmpty();
            assertThat(rig.auditRecords()).extracting(AuditRecord::action).containsExactly("kms.create.cleanup", "kms.create.failed");
            assertThat(rig.auditRecords().getLast().details()).contains("pending=already-removed");
            assertThat(rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE).status()).isEqualTo(KeyStatus.ACTIVE);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aTamperedShareFailsItsTagAndReleasesNoGarbage(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            flipSealedByte(dir, 2, key.keyId());

            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(KeyServiceException.class).as("retrying cannot help").isNotInstanceOf(VaultsUnavailableException.class)
                    .hasMessageContaining("cannot release key " + key.keyId())
                    .hasMessageContaining("failed authentication");
            AuditRecord failed = rig.auditRecords().getLast();
            assertThat(failed.action()).isEqualTo("kms.release.failed");
            assertThat(failed.details()).contains("failed authentication");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aTamperedShareIsSkippedWhenKIntactSharesRemain(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            flipSealedByte(dir, 1, key.keyId());
            KeyPair transport = KeyServiceRig.transportKey();
            assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport), List.of(key));
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aWrongShareIsCaughtByTheKeyCheck(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            // A vault that authenticates its row but hands out the wrong bytes (a buggy or malicious vault).
            byte[] share = rig.vault(1).get(key.keyId()).orElseThrow();
            share[share.length / 2] ^= 1;
            rig.vault(1).delete(key.keyId());
            rig.vault(1).put(key.keyId(), share);

            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOf(KeyServiceException.class).isNotInstanceOf(VaultsUnavailableException.class)
                    .hasMessageContaining("cannot release key " + key.keyId())
                    .hasMessageContaining("wrong, tampered or from another key");
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.release.failed");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aWrongShareIsOutvotedWhenMoreThanKVaultsAnswer(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            byte[] share = rig.vault(0).get(key.keyId()).orElseThrow();
            share[share.length - 3] ^= 0x40;
            rig.vault(0).delete(key.keyId());
            rig.vault(0).put(key.keyId(), share);
            // Shares 1 and 2 arrive first, so the wrong one is used and the vote is needed.
            rig.vaults.get(2).slowGets(Duration.ofMillis(700));

            KeyPair transport = KeyServiceRig.transportKey();
            assertReleases(open(rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"), transport), List.of(key));
            AuditRecord release = rig.auditRecords().getLast();
            assertThat(release.action()).isEqualTo("kms.release");
            assertThat(release.details()).contains("warning=key " + key.keyId(), "rebuilt from shares [2, 3]", "a vault holds a wrong share");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theProtectionPasswordGatesReleaseWithLockOut(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            KeyRecord key = rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            rig.protection.setPassword(ALICE, SECRET.toCharArray());
            KeyPair transport = KeyServiceRig.transportKey();

            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test"))
                    .isInstanceOfSatisfying(ReleaseRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReleaseRefusedException.Reason.PASSWORD_REQUIRED));
            for (int remaining = 4; remaining >= 1; remaining--) {
                int expected = remaining;
                assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.of("guess".toCharArray()), "device:test"))
                        .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                            assertThat(e.reason()).isEqualTo(ReleaseRefusedException.Reason.WRONG_PASSWORD);
                            assertThat(e.remainingTries()).contains(expected);
                        });
            }
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.of("guess".toCharArray()), "device:test"))
                    .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ReleaseRefusedException.Reason.LOCKED);
                        assertThat(e.lockedUntil()).contains(KeyServiceRig.START.plus(Duration.ofMinutes(1)));
                    });
            // Locked: even the right password is refused.
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.of(SECRET.toCharArray()), "device:test"))
                    .isInstanceOfSatisfying(ReleaseRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReleaseRefusedException.Reason.LOCKED));

            rig.clock.advance(Duration.ofMinutes(1));
            byte[] envelope = rig.service.release(ALICE, transport.getPublic(), Optional.of(SECRET.toCharArray()), "device:test");
            assertReleases(open(envelope, transport), List.of(key));

            List<AuditRecord> records = rig.auditRecords();
            assertThat(records.stream().filter(r -> r.action().equals("kms.release.failed")).count()).isEqualTo(7);
            assertThat(records.stream().filter(r -> r.action().equals("kms.protection.verify")).count()).isEqualTo(7);
            assertThat(records.getLast().action()).isEqualTo("kms.release");
            assertThat(records).allSatisfy(r -> assertThat(r.details() + r.subject()).doesNotContain(SECRET, "guess"));
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aWrongOrUnsuitableTransportKeyIsAClearError(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            KeyPair transport = KeyServiceRig.transportKey();
            KeyPair other = KeyServiceRig.transportKey();
            byte[] envelope = rig.service.release(ALICE, transport.getPublic(), Optional.empty(), "device:test");
            assertThatThrownBy(() -> packages.open(envelope, other.getPrivate(), other.getPublic()))
                    .isInstanceOf(ReleaseException.class).hasMessageContaining("not addressed to this transport key");
            assertThatThrownBy(() -> packages.open(envelope, other.getPrivate()))
                    .isInstanceOf(ReleaseException.class).hasMessageContaining("cannot open the release package");

            // A transport key of an unsupported kind is refused before anything leaves, and audited;
            // it is refused before the password is checked, so it costs a protected owner no try.
            rig.protection.setPassword(ALICE, SECRET.toCharArray());
            KeyPair ed = ed25519();
            assertThatThrownBy(() -> rig.service.release(ALICE, ed.getPublic(), Optional.of("guess".toCharArray()), "device:test"))
                    .isInstanceOf(ReleaseException.class).hasMessageContaining("unsupported transport key");
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.release.failed");
            assertThat(rig.auditRecords()).extracting(AuditRecord::action).doesNotContain("kms.protection.verify");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theAuditChainHoldsNoSecretAfterEverything(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 3)) {
            rig.service.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
            rig.service.rotate(ALICE, KeySpec.EC_P256);
            rig.protection.setPassword(ALICE, SECRET.toCharArray());
            KeyPair transport = KeyServiceRig.transportKey();
            assertThatThrownBy(() -> rig.service.release(ALICE, transport.getPublic(), Optional.of("guess".toCharArray()), "device:test"))
                    .isInstanceOf(ReleaseRefusedException.class);
            rig.vaults.get(2).down();
            assertThatThrownBy(() -> rig.service.create("bob@example.org", KeySpec.EC_P256, KeyStatus.PROVISIONAL))
                    .isInstanceOf(KeyServiceException.class);
            List<ReleasedKey> released = open(rig.service.release(ALICE, transport.getPublic(), Optional.of(SECRET.toCharArray()),
                    "device:test"), transport);
            rig.vaults.get(2).up();

            List<String> secrets = new ArrayList<>(List.of(SECRET, "guess"));
            for (ReleasedKey k : released) {
                secrets.addAll(encodings(k.key().getEncoded()));
                for (int i = 0; i < 3; i++) {
                    byte[] share = rig.vault(i).get(k.keyId()).orElseThrow();
                    secrets.addAll(encodings(share));
                }
            }
            List<AuditRecord> records = rig.auditRecords();
            assertThat(records).isNotEmpty();
            for (AuditRecord r : records) {
                String text = (r.actor() + " " + r.action() + " " + r.subject() + " " + r.details()).toLowerCase(java.util.Locale.ROOT);
                for (String secret : secrets) {
                    assertThat(text).doesNotContain(secret.toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertThat(rig.audit.verify()).isInstanceOf(AuditVerification.Intact.class);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theConstructorChecksKAndN(TestDatabase testDb) {
        try (KeyServiceRig rig = rig(testDb, 2, 2)) {
            var clients = List.<org.sealpost.vault.VaultClient>copyOf(rig.vaults);
            assertThatThrownBy(() -> new KeyService(rig.db, rig.audit, rig.pool, clients, 1, rig.protection, rig.clock, KeyServiceRig.RANDOM))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
            assertThatThrownBy(() -> new KeyService(rig.db, rig.audit, rig.pool, clients, 3, rig.protection, rig.clock, KeyServiceRig.RANDOM))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed");
            assertThatThrownBy(() -> new KeyService(rig.db, rig.audit, rig.pool, List.of(clients.get(0)), 2, rig.protection, rig.clock,
                    KeyServiceRig.RANDOM)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 vaults");
            assertThatThrownBy(() -> new KeyService(rig.db, rig.audit, rig.pool, List.of(clients.get(0), clients.get(0)), 2, rig.protection,
                    rig.clock, KeyServiceRig.RANDOM)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configured twice");
            assertThat(rig.service.toString()).isEqualTo("KeyService[2-of-2]");
        }
    }

    /** Flips one byte of the sealed row of {@code keyId} in embedded vault {@code vault} (1-based), through its own database. */
    static void flipSealedByte(Path dataDir, int vault, String keyId) {
        Path vaultDir = EmbeddedVaults.directory(dataDir, vault);
        try (Database vaultDb = Database.open(VaultHome.load(vaultDir).embeddedDatabase())) {
            vaultDb.inTransaction(c -> {
                byte[] sealed;
                try (var ps = c.prepareStatement("SELECT sealed FROM vault_share WHERE key_id = ?")) {
                    ps.setString(1, keyId);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        sealed = rs.getBytes(1);
                    }
                }
                sealed[sealed.length / 2] ^= 0x01;
                try (var ps = c.prepareStatement("UPDATE vault_share SET sealed = ? WHERE key_id = ?")) {
                    ps.setBytes(1, sealed);
                    ps.setString(2, keyId);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                return null;
            });
        }
    }

    private static List<String> encodings(byte[] bytes) {
        // Long enough runs only: short ones could appear in ids by chance.
        byte[] head = Arrays.copyOfRange(bytes, Math.max(0, bytes.length - 24), bytes.length);
        return List.of(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(head), Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().encodeToString(head),
                Base64.getUrlEncoder().withoutPadding().encodeToString(head));
    }

    private static KeyPair ed25519() {
        try {
            return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
