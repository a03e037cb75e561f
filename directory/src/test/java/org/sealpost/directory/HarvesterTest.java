package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** Harvest: what is published, what is refused and why, with certificates of an in-test CA. */
class HarvesterTest {
    private static final TestCertificates PKI = new TestCertificates("Harvest");
    private static final TrustStore TRUST = new TrustStore(List.of(PKI.root), "test");

    private static TestDatabase h2;
    private static DirectoryRig rig;
    private static Harvester harvester;

    @BeforeAll
    static void open() {
        h2 = TestDatabases.h2();
        rig = new DirectoryRig(h2.open());
        harvester = new Harvester(rig.db, rig.audit, TRUST, rig.clock);
    }

    @AfterAll
    static void close() {
        rig.close();
        h2.close();
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aGoodCertificateIsPublishedOnceAndADuplicateIsMerged(TestDatabase testDb) {
        try (DirectoryRig r = new DirectoryRig(testDb.open())) {
            Harvester h = new Harvester(r.db, r.audit, TRUST, r.clock);
            X509Certificate rsa = PKI.leaf(TestCertificates.Leaf.of("Henry@Example.org"));
            X509Certificate ec = PKI.leaf(TestCertificates.Leaf.of("henry@example.org")
                    .key(TestCertificates.ec("secp256r1"), KeyUsage.keyAgreement).signedWith("SHA256withRSA"));

            List<HarvestOutcome> first = h.harvest(List.of(pem(rsa), pem(ec)), List.of(pem(PKI.intermediate)), "alice@example.org");
            assertThat(first).containsExactly(
                    new HarvestOutcome.Published(PublishedCertificate.fingerprint(rsa), List.of("Henry@example.org"), false),
                    new HarvestOutcome.Published(PublishedCertificate.fingerprint(ec), List.of("henry@example.org"), false));
            List<HarvestOutcome> again = h.harvest(List.of(pem(rsa)), List.of(pem(PKI.intermediate)), "bob@example.org");
            assertThat(again).containsExactly(
                    new HarvestOutcome.Published(PublishedCertificate.fingerprint(rsa), List.of("Henry@example.org"), true));

            DirectoryAnswer answer = r.directory.lookup("HENRY@example.org");
            assertThat(answer.certificates()).extracting(PublishedCertificate::fingerprint)
                    .containsExactlyInAnyOrder(PublishedCertificate.fingerprint(rsa), PublishedCertificate.fingerprint(ec));
            assertThat(answer.certificates()).allSatisfy(c -> {
                assertThat(c.source()).isEqualTo(Source.HARVESTED);
                assertThat(c.level()).isEqualTo(Level.EXTERNAL);
            });
            assertThat(r.audit.tail(100)).filteredOn(a -> a.action().equals("directory.harvest")).hasSize(2)
                    .allSatisfy(a -> assertThat(a.actor()).isEqualTo("alice@example.org"));
        }
    }

    @Test
    void everyRuleRefusesWithItsReasonAndStoresNothing() {
        Instant now = Instant.now();
        TestCertificates.Leaf good = TestCertificates.Leaf.of("ivy@example.org");
        List<X509Certificate> bad = List.of(
                PKI.leaf(good.signedWith("SHA1withRSA")),
                PKI.leaf(good.key(TestCertificates.rsa(1024), KeyUsage.keyEncipherment)),
                PKI.leaf(good.key(TestCertificates.ec("secp192r1"), KeyUsage.keyAgreement)),
                PKI.leaf(good.validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)))),
                PKI.leaf(good.validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)))),
                PKI.leaf(good.usage(KeyUsage.keyEncipherment, KeyPurposeId.id_kp_clientAuth)),
                PKI.leaf(good.usage(KeyUsage.digitalSignature, KeyPurposeId.id_kp_emailProtection)),
                PKI.leaf(good.key(TestCertificates.ec("secp256r1"), KeyUsage.digitalSignature)),
                PKI.leaf(new TestCertificates.Leaf(null, good.key(), good.signatureAlgorithm(), good.keyUsage(), good.eku(),
                        good.notBefore(), good.notAfter())),
                new TestCertificates("Stranger").leaf(good),
                PKI.intermediate);
        List<String> pems = new ArrayList<>(bad.stream().map(HarvesterTest::pem).toList());

        List<HarvestOutcome> outcomes = harvester.harvest(pems, List.of(pem(PKI.intermediate)), "alice@example.org");

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(HarvestOutcome.Refused.class));
        assertThat(outcomes).extracting(o -> ((HarvestOutcome.Refused) o).reason()).satisfiesExactly(
                r -> assertThat(r).contains("SHA1withRSA", "broken hash"),
                r -> assertThat(r).contains("weak key", "1024 bits"),
                r -> assertThat(r).contains("weak key", "192 bits"),
                r -> assertThat(r).startsWith("expired on"),
                r -> assertThat(r).startsWith("not valid before"),
                r -> assertThat(r).contains("emailProtection"),
                r -> assertThat(r).contains("keyEncipherment"),
                r -> assertThat(r).contains("keyAgreement"),
                r -> assertThat(r).contains("names no mail address"),
                r -> assertThat(r).contains("does not chain"),
                r -> assertThat(r).contains("a CA certificate"));
        assertThat(outcomes).extracting(HarvestOutcome::fingerprint)
                .containsExactlyElementsOf(bad.stream().map(PublishedCertificate::fingerprint).toList());
        assertThat(rig.directory.lookup("ivy@example.org").certificates()).isEmpty();
    }

    @Test
    void withoutTheIntermediateThereIsNoPathAndWithoutATrustStoreNothingIsHarvested() {
        X509Certificate cert = PKI.leaf(TestCertificates.Leaf.of("jack@example.org"));
        assertThat(harvester.harvest(List.of(pem(cert)), List.of(), "alice@example.org"))
                .singleElement().isInstanceOfSatisfying(HarvestOutcome.Refused.class,
                        r -> assertThat(r.reason()).contains("does not chain"));
        Harvester untrusting = new Harvester(rig.db, rig.audit, TrustStore.none(), rig.clock);
        assertThat(untrusting.harvest(List.of(pem(cert)), List.of(pem(PKI.intermediate)), "alice@example.org"))
                .singleElement().isInstanceOfSatisfying(HarvestOutcome.Refused.class,
                        r -> assertThat(r.reason()).contains("no trust store"));
        assertThat(rig.directory.lookup("jack@example.org").certificates()).isEmpty();
    }

    @Test
    void badPemIsRefusedPerEntryAndBadRequestsAsAWhole() {
        assertThat(harvester.harvest(List.of("", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                pem(PKI.intermediate) + pem(PKI.root)), List.of(), "alice@example.org"))
                .extracting(o -> ((HarvestOutcome.Refused) o).reason()).satisfiesExactly(
                        r -> assertThat(r).isEqualTo("the certificate is missing"),
                        r -> assertThat(r).contains("not a PEM certificate"),
                        r -> assertThat(r).isEqualTo("not a readable X.509 certificate"),
                        r -> assertThat(r).contains("exactly one certificate"));
        assertThatThrownBy(() -> harvester.harvest(List.of(), List.of(), "a@example.org")).isInstanceOf(IllegalArgumentException.class);
        List<String> tooMany = java.util.Collections.nCopies(Harvester.MAX_CERTIFICATES + 1, pem(PKI.root));
        assertThatThrownBy(() -> harvester.harvest(tooMany, List.of(), "a@example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + Harvester.MAX_CERTIFICATES);
        assertThatThrownBy(() -> harvester.harvest(List.of(pem(PKI.root)), List.of("garbage"), "a@example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("intermediate 1: ");
    }

    @Test
    void anEphemeralPkiCertificateThatCanSignAndEncryptIsPublished() {
        EphemeralPki other = new EphemeralPki("Ephemeral");
        X509Certificate cert = other.rsa("kate@example.org").certificate();
        Harvester h = new Harvester(rig.db, rig.audit, new TrustStore(List.of(other.root()), "ephemeral"), rig.clock);
        assertThat(h.harvest(List.of(pem(cert)), List.of(), "alice@example.org")).singleElement()
                .isInstanceOf(HarvestOutcome.Published.class);
        assertThat(rig.directory.lookup("kate@example.org").certificates()).hasSize(1);
    }

    static String pem(X509Certificate cert) {
        return EphemeralPki.pem(cert);
    }
}
