package org.sealpost.ca.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.IssuedCertificate;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.testing.TestDatabase;

/** Issuance records the certificate with its audit entry, and stops once the issuing CA is revoked. */
class IssuanceServiceTest {
    private static TestCa testCa;

    @BeforeAll
    static void ca() {
        testCa = TestCa.create(CaAlgorithm.EC);
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void recordsAndAuditsEachCertificateAndStopsOnceItsCaIsRevoked(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        CaServices services = CaServices.open(testCa.ca(), db, audit, CaPolicy.defaults(), new SecureRandom(),
                Clock.systemUTC());
        IssuanceRequest request = IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), "encryption")
                .withEmails(List.of("Alice@Example.ORG"));

        IssuedCertificate issued = services.issuance().issue(request, "test");

        var record = services.records().find(issued.serial()).orElseThrow();
        assertThat(record.addresses()).containsExactly("alice@example.org");
        assertThat(services.records().findByAddress("alice@example.org")).extracting(r -> r.serial())
                .containsExactly(issued.serial());
        assertThat(audit.tail(5)).anySatisfy(r -> {
            assertThat(r.action()).isEqualTo("ca.issue");
            assertThat(r.subject()).isEqualTo(issued.serial().toString(16));
        });

        services.revocations().revoke(testCa.ca().issuing().getSerialNumber(), RevocationReason.CA_COMPROMISE, "test");
        long before = services.records().count();
        assertThatThrownBy(() -> services.issuance().issue(request, "test"))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("revoked");
        assertThat(services.records().count()).isEqualTo(before);
    }
}
