package org.sealpost.ca.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.revocation.RevocationSigner;
import org.sealpost.ca.revocation.CertificateStatus;
import org.sealpost.ca.revocation.CrlGenerator;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.ca.store.StoredCrl;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;

/** Revocation, its audit record, the CRL that follows and the OCSP status, on H2 and PostgreSQL. */
class RevocationServiceTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static EphemeralPki pki;
    private static X509Certificate leaf;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123Z"), ZoneOffset.UTC);
    private final CertificateRepository repository = new CertificateRepository();

    @BeforeAll
    static void pki() {
        pki = new EphemeralPki("Revocation Test");
        leaf = pki.issue(EphemeralPki.Spec.ec("alice@example.org", "secp256r1")).chain().get(0);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void revokesAuditsAndListsTheCertificateInANewCrl(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        Fixture f = fixture(db);
        BigInteger serial = leaf.getSerialNumber();

        RevocationOutcome outcome = f.revocations.revoke(serial, RevocationReason.KEY_COMPROMISE, "operator:test");

        assertThat(outcome).isInstanceOf(RevocationOutcome.Revoked.class);
        StoredCrl stored = ((RevocationOutcome.Revoked) outcome).crl();
        X509CRL crl = parse(stored.der());
        crl.verify(pki.root().getPublicKey());
        assertThat(crl.getRevokedCertificate(serial)).isNotNull();
        assertThat(crl.getRevokedCertificate(serial).getRevocationDate().toInstant())
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(f.statuses.status(serial)).isEqualTo(
                CertificateStatus.revoked(Instant.parse("2026-12-01T10:00:00Z"), RevocationReason.KEY_COMPROMISE));

        List<AuditRecord> audit = f.audit.tail(10);
        assertThat(audit).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("ca.revoke");
            assertThat(r.subject()).isEqualTo(serial.toString(16));
            assertThat(r.actor()).isEqualTo("operator:test");
            assertThat(r.details()).contains("reason=keyCompromise");
        });
        assertThat(f.audit.verify()).isInstanceOf(AuditVerification.Intact.class);
        assertThat(f.crls.current("issuing").orElseThrow().number()).isEqualTo(stored.number());
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aSecondRevocationChangesNothingAndUnknownSerialsAreReported(TestDatabase testDb) {
        Database db = testDb.open();
        Fixture f = fixture(db);
        BigInteger serial = leaf.getSerialNumber();
        f.revocations.revoke(serial, RevocationReason.SUPERSEDED, "operator:test");

        RevocationOutcome again = f.revocations.revoke(serial, RevocationReason.KEY_COMPROMISE, "operator:test");
        assertThat(again).isInstanceOf(RevocationOutcome.AlreadyRevoked.class);
        assertThat(((RevocationOutcome.AlreadyRevoked) again).certificate().revocation().orElseThrow().reason())
                .isEqualTo("superseded");
        assertThat(f.revocations.revoke(BigInteger.valueOf(42), RevocationReason.SUPERSEDED, "operator:test"))
                .isEqualTo(new RevocationOutcome.NotFound(BigInteger.valueOf(42)));
        assertThat(f.audit.tail(10)).hasSize(1);
        assertThat(f.statuses.status(BigInteger.valueOf(42))).isEqualTo(CertificateStatus.unknown());
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesCaCompromiseForASubscriberCertificateAndWritesNothing(TestDatabase testDb) {
        Database db = testDb.open();
        Fixture f = fixture(db);
        assertThatThrownBy(() -> f.revocations.revoke(leaf.getSerialNumber(), RevocationReason.CA_COMPROMISE, "op"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cACompromise applies only to CA certificates");
        assertThat(f.statuses.status(leaf.getSerialNumber())).isEqualTo(CertificateStatus.good());
        assertThat(f.audit.tail(10)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void regeneratesACrlThatHasUsedHalfItsValidity(TestDatabase testDb) {
        Database db = testDb.open();
        Fixture f = fixture(db);
        StoredCrl first = f.crls.current("issuing").orElseThrow();
        assertThat(f.crls.current("issuing").orElseThrow().number()).isEqualTo(first.number());

        Clock later = Clock.offset(clock, Duration.ofHours(13));
        CrlPublisher afterHalf = new CrlPublisher(db, repository, new CrlGenerator(),
                Map.of("issuing", new RevocationSigner(pki.root(), pki.rootKey())), Duration.ofDays(1), later);
        assertThat(afterHalf.current("issuing").orElseThrow().number()).isEqualTo(first.number() + 1);
        assertThat(f.crls.current("nobody")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void concurrentRevocationsEndInACrlListingEveryOne(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        Fixture f = fixture(db);
        List<X509Certificate> more = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            X509Certificate cert = pki.issue(EphemeralPki.Spec.ec("user" + i + "@example.org", "secp256r1")).chain().get(0);
            byte[] der = encoded(cert);
            db.inTransaction(c -> {
                repository.insert(c, new StoredCertificate(cert.getSerialNumber(), "issuing", "signing-v1", "CN=u",
                        List.of(), cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), clock.instant(), der,
                        Optional.empty()));
                return null;
            });
            more.add(cert);
        }
        // Each revocation publishes a CRL; whichever is newest must list all of them (two processes
        // racing for one CRL number must not leave a CRL built before the other's revocation).
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var futures = more.stream().map(cert -> pool.submit(() ->
                    f.revocations.revoke(cert.getSerialNumber(), RevocationReason.SUPERSEDED, "test"))).toList();
            for (var future : futures) {
                assertThat(future.get()).isInstanceOf(RevocationOutcome.Revoked.class);
            }
        } finally {
            pool.shutdown();
        }
        X509CRL crl = parse(f.crls.current("issuing").orElseThrow().der());
        for (X509Certificate cert : more) {
            assertThat(crl.getRevokedCertificate(cert.getSerialNumber())).as(cert.getSerialNumber().toString(16)).isNotNull();
        }
    }

    private Fixture fixture(Database db) {
        byte[] der = encoded(leaf);
        db.inTransaction(c -> {
            repository.insert(c, new StoredCertificate(leaf.getSerialNumber(), "issuing", "signing-v1",
                    leaf.getSubjectX500Principal().getName(), List.of("alice@example.org"),
                    leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), clock.instant(), der,
                    Optional.empty()));
            return null;
        });
        AuditLog audit = new AuditLog(db, clock);
        CrlPublisher crls = new CrlPublisher(db, repository, new CrlGenerator(),
                Map.of("issuing", new RevocationSigner(pki.root(), pki.rootKey())), Duration.ofDays(1), clock);
        return new Fixture(audit, crls, new RevocationService(db, repository, audit, crls, clock),
                new DatabaseStatusSource(db, repository, "issuing"));
    }

    private record Fixture(AuditLog audit, CrlPublisher crls, RevocationService revocations,
            DatabaseStatusSource statuses) {
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
