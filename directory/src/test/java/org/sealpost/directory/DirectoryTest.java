package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.storage.Database;
import org.sealpost.storage.testing.TestDatabase;

/** Publication of the CA's encryption certificates and look-ups, on H2 and PostgreSQL. */
class DirectoryTest {
    private static final String DATABASES = "org.sealpost.storage.testing.TestDatabases#all";

    @ParameterizedTest
    @MethodSource(DATABASES)
    void anIssuedCertificateIsFoundUnderItsAddressWhateverTheCaseOfTheLocalPart(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            X509Certificate cert = rig.issueEncryption(TestKeys.RSA_2048, "Alice@Example.org");
            rig.directory.publishIssued(cert, Level.V1);

            DirectoryAnswer answer = rig.directory.lookup("ALICE@example.ORG");
            assertThat(answer.certificates()).singleElement().satisfies(p -> {
                assertThat(p.der()).isEqualTo(cert.getEncoded());
                assertThat(p.source()).isEqualTo(Source.ISSUED);
                assertThat(p.level()).isEqualTo(Level.V1);
                assertThat(p.notAfter()).isEqualTo(cert.getNotAfter().toInstant());
                assertThat(p.pem()).startsWith("-----BEGIN CERTIFICATE-----\n");
            });
            assertThat(answer.provisional()).isEmpty();
            assertThat(rig.directory.lookup("bob@example.org").certificates()).isEmpty();
            // Exact match only: no prefix, no other domain.
            assertThat(rig.directory.lookup("alic@example.org").certificates()).isEmpty();
            assertThat(rig.directory.lookup("alice@example.com").certificates()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void publishingTwiceStoresOnceAndTheNewestComesFirst(TestDatabase testDb) throws Exception {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            X509Certificate older = rig.issueEncryption(TestKeys.RSA_2048, "carol@example.org");
            rig.clock.advance(Duration.ofMinutes(5));
            X509Certificate newer = rig.issueEncryption(TestKeys.EC_P256, "carol@example.org");
            rig.directory.publishIssued(older, Level.V1);
            rig.directory.publishIssued(newer, Level.V1);
            rig.directory.publishIssued(older, Level.V1);

            assertThat(rig.directory.lookup("carol@example.org").certificates()).extracting(PublishedCertificate::fingerprint)
                    .containsExactly(PublishedCertificate.fingerprint(newer), PublishedCertificate.fingerprint(older));
            assertThat(rig.audit.tail(100)).filteredOn(r -> r.action().equals("directory.publish")).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aRevokedCertificateLeavesTheAnswersAtOnceOnEveryNode(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            // A second node: its own pool on the same database.
            Database otherPool = testDb.open();
            Directory otherNode = new Directory(otherPool, rig.ca.records(), rig.audit, rig.clock);
            X509Certificate cert = rig.issueEncryption(TestKeys.EC_P384, "dave@example.org");
            rig.directory.publishIssued(cert, Level.V1);
            assertThat(otherNode.lookup("dave@example.org").certificates()).hasSize(1);

            rig.ca.revocations().revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");

            assertThat(rig.directory.lookup("dave@example.org").certificates()).isEmpty();
            assertThat(otherNode.lookup("dave@example.org").certificates()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void anExpiredCertificateIsNotAnsweredAndTheScheduleRemovesIt(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            X509Certificate cert = rig.issueEncryption(TestKeys.RSA_2048, "erin@example.org");
            rig.directory.publishIssued(cert, Level.V1);
            ExpiredCertificates expiry = new ExpiredCertificates(rig.db, rig.clock);
            assertThat(expiry.removeExpired()).isZero();

            rig.clock.advance(Duration.between(rig.clock.instant(), cert.getNotAfter().toInstant()).plusSeconds(1));
            assertThat(rig.directory.lookup("erin@example.org").certificates()).isEmpty();
            assertThat(expiry.removeExpired()).isZero();
            rig.clock.advance(ExpiredCertificates.GRACE);
            assertThat(expiry.removeExpired()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void onlyThisCasEncryptionCertificatesArePublishedByPublishIssued(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            X509Certificate signing = rig.issue(TestKeys.EC_P256, "signing-v1", "frank@example.org");
            assertThatThrownBy(() -> rig.directory.publishIssued(signing, Level.V1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signing-v1");
            X509Certificate foreign = new EphemeralPki("foreign").rsa("frank@example.org").certificate();
            assertThatThrownBy(() -> rig.directory.publishIssued(foreign, Level.V1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one this CA issued");
            X509Certificate ours = rig.issueEncryption(TestKeys.RSA_2048, "frank@example.org");
            assertThatThrownBy(() -> rig.directory.publishIssued(ours, Level.EXTERNAL))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(rig.directory.lookup("frank@example.org").certificates()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aBatchIsAnsweredInOrderAndABadAddressRefusesTheWholeBatch(TestDatabase testDb) {
        try (DirectoryRig rig = new DirectoryRig(testDb.open())) {
            rig.directory.publishIssued(rig.issueEncryption(TestKeys.RSA_2048, "gina@example.org"), Level.V1);

            List<DirectoryAnswer> answers = rig.directory.lookupAll(List.of("nobody@example.org", "Gina@example.org"));
            assertThat(answers).extracting(a -> a.address().written()).containsExactly("nobody@example.org", "Gina@example.org");
            assertThat(answers).extracting(a -> a.certificates().size()).containsExactly(0, 1);
            assertThatThrownBy(() -> rig.directory.lookupAll(List.of("gina@example.org", "not an address")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address 2: ");
        }
    }
}
