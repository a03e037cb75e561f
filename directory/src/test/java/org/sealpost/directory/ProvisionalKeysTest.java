package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyStatus;
import org.sealpost.storage.testing.TestDatabase;

/** Provisional keys on H2 and PostgreSQL: made once, offered to everyone, claimed or expired. */
class ProvisionalKeysTest {
    private static final String DATABASES = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Quota GENEROUS = new Quota(100, Duration.ofHours(1));

    @ParameterizedTest
    @MethodSource(DATABASES)
    void theFirstAskerHasTheKeyMadeAndLaterAskersGetTheSameOne(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys provisional = rig.provisionalKeys(GENEROUS);

            ProvisionalKey made = offered(provisional.obtain("Nora@Example.org", "alice@example.org"), true);
            ProvisionalKey again = offered(provisional.obtain("nora@example.org", "bob@example.org"), false);

            assertThat(again).isEqualTo(made);
            KeyRecord record = rig.keys.currentKey("nora@example.org").orElseThrow();
            assertThat(record.status()).isEqualTo(KeyStatus.PROVISIONAL);
            assertThat(made.keyId()).isEqualTo(record.keyId());
            assertThat(made.publicKey()).isEqualTo(record.publicKey());
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(made.publicKey()));
            assertThat(made.keyIdentifier()).isEqualTo(HexFormat.of().formatHex(SubjectKeyIds.of(key)));
            assertThat(made.expiresAt()).isEqualTo(made.createdAt().plus(DirectoryRig.PROVISIONAL_LIFETIME));
            assertThat(rig.directory.lookup("NORA@example.org").provisional()).contains(made);
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void twoNodesAskingAtOnceOfferOneKey(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys nodeA = rig.provisionalKeys(GENEROUS);
            ProvisionalKeys nodeB = new ProvisionalKeys(testDb.open(), rig.keys, org.sealpost.kms.KeySpec.EC_P256,
                    DirectoryRig.PROVISIONAL_LIFETIME, new RateLimiter(GENEROUS, 10), rig.clock);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<ProvisionalOutcome> a = () -> {
                    start.await();
                    return nodeA.obtain("olga@example.org", "alice@example.org");
                };
                Callable<ProvisionalOutcome> b = () -> {
                    start.await();
                    return nodeB.obtain("olga@example.org", "bob@example.org");
                };
                Future<ProvisionalOutcome> fa = pool.submit(a);
                Future<ProvisionalOutcome> fb = pool.submit(b);
                start.countDown();
                ProvisionalOutcome.Offered oa = (ProvisionalOutcome.Offered) fa.get();
                ProvisionalOutcome.Offered ob = (ProvisionalOutcome.Offered) fb.get();
                assertThat(oa.key().keyId()).isEqualTo(ob.key().keyId());
                assertThat(List.of(oa.created(), ob.created())).as("made once").containsExactlyInAnyOrder(true, false);
            } finally {
                pool.shutdownNow();
            }
            assertThat(rig.directory.lookup("olga@example.org").provisional()).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aKeyAnotherNodeMadeButHasNotRecordedYetIsOfferedAsNotMadeHere(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys provisional = rig.provisionalKeys(GENEROUS);
            // The other node's key service has made the key; its directory row is not written yet.
            KeyRecord theirs = rig.keys.create("pia@example.org", org.sealpost.kms.KeySpec.EC_P256, KeyStatus.PROVISIONAL);

            ProvisionalKey offered = offered(provisional.obtain("pia@example.org", "bob@example.org"), false);

            assertThat(offered.keyId()).as("the race answers 'created' once, on the node that made it").isEqualTo(theirs.keyId());
            assertThat(rig.directory.lookup("pia@example.org").provisional()).contains(offered);
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void creationIsLimitedPerSenderButOfferingAnExistingKeyIsNot(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys provisional = rig.provisionalKeys(new Quota(2, Duration.ofHours(1)));
            offered(provisional.obtain("p1@example.org", "mallory@example.org"), true);
            offered(provisional.obtain("p2@example.org", "mallory@example.org"), true);

            ProvisionalOutcome third = provisional.obtain("p3@example.org", "mallory@example.org");
            assertThat(third).isInstanceOfSatisfying(ProvisionalOutcome.RateLimited.class,
                    r -> assertThat(r.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
            assertThat(rig.keys.currentKey("p3@example.org")).isEmpty();
            offered(provisional.obtain("p1@example.org", "mallory@example.org"), false);
            offered(provisional.obtain("p3@example.org", "alice@example.org"), true);
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void anAddressWithACertificateGetsNoProvisionalKey(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            rig.directory.publishIssued(rig.issueEncryption(TestKeys.RSA_2048, "quinn@example.org"), Level.V1);
            ProvisionalOutcome outcome = rig.provisionalKeys(GENEROUS).obtain("Quinn@example.org", "alice@example.org");
            assertThat(outcome).isInstanceOfSatisfying(ProvisionalOutcome.HasCertificates.class,
                    h -> assertThat(h.answer().certificates()).hasSize(1));
            assertThat(rig.keys.currentKey("quinn@example.org")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void whenTheOwnerEnrollsTheKeyStopsBeingProvisionalAndItsCertificateIsAnswered(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys provisional = rig.provisionalKeys(GENEROUS);
            ProvisionalKey key = offered(provisional.obtain("rita@example.org", "alice@example.org"), true);

            // What enrollment does: adopt the key, issue its encryption certificate, publish it.
            KeyRecord adopted = rig.keys.activateProvisional("rita@example.org", "enroll");
            java.security.cert.X509Certificate cert = rig.issueEncryption(
                    new java.security.KeyPair(adopted.decodePublicKey(), null), "rita@example.org");
            rig.directory.publishIssued(cert, Level.V1);

            DirectoryAnswer answer = rig.directory.lookup("rita@example.org");
            assertThat(answer.provisional()).isEmpty();
            assertThat(answer.certificates()).singleElement()
                    .satisfies(c -> assertThat(cert.getPublicKey().getEncoded()).isEqualTo(key.publicKey()));
            assertThat(provisional.obtain("rita@example.org", "bob@example.org")).isInstanceOf(ProvisionalOutcome.HasCertificates.class);
            assertThat(provisional.expireUnclaimed()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void anUnclaimedKeyExpiresAndTheNextAskerGetsANewOne(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            ProvisionalKeys provisional = rig.provisionalKeys(GENEROUS);
            ProvisionalKey first = offered(provisional.obtain("sam@example.org", "alice@example.org"), true);
            assertThat(provisional.expireUnclaimed()).isZero();

            rig.clock.advance(DirectoryRig.PROVISIONAL_LIFETIME);
            assertThat(rig.directory.lookup("sam@example.org").provisional()).isEmpty();
            assertThat(provisional.expireUnclaimed()).isEqualTo(1);

            List<KeyRecord> history = rig.db.inTransaction(c -> new org.sealpost.kms.KeyRepository().history(c, "sam@example.org"));
            assertThat(history).singleElement().satisfies(k -> assertThat(k.status()).isEqualTo(KeyStatus.RETIRED));
            assertThat(rig.audit.tail(50)).anySatisfy(a -> assertThat(a.action()).isEqualTo("kms.provisional.expire"));
            ProvisionalKey second = offered(provisional.obtain("sam@example.org", "bob@example.org"), true);
            assertThat(second.keyId()).isNotEqualTo(first.keyId());
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aBadAddressMakesNothing(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            assertThatThrownBy(() -> rig.provisionalKeys(GENEROUS).obtain("not-an-address", "alice@example.org"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(rig.audit.tail(50)).noneSatisfy(a -> assertThat(a.action()).startsWith("kms.create"));
        }
    }

    private static ProvisionalKey offered(ProvisionalOutcome outcome, boolean created) {
        assertThat(outcome).isInstanceOf(ProvisionalOutcome.Offered.class);
        ProvisionalOutcome.Offered offered = (ProvisionalOutcome.Offered) outcome;
        assertThat(offered.created()).as("created").isEqualTo(created);
        return offered.key();
    }
}
