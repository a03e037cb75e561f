package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.enroll.Devices;
import org.sealpost.server.identity.IdentityRig.TestDevice;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * Renewal of V2-V4 certificates: for the device's new key after the device renewed its own
 * certificate, refused while the window is closed and once the basis (organization, voucher) is gone.
 */
class IdentityRenewalTest {
    /** Longer than any certificate's life: renewal is open from the start. */
    private static final Duration ALWAYS_OPEN = Duration.ofDays(36_500);

    private static TxtResponder dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = new TxtResponder();
    }

    @AfterAll
    static void stopDns() throws Exception {
        dns.close();
    }

    private static IdentityRig rig(TestDatabase testDb) {
        return new IdentityRig(testDb.open(), Optional.empty(), new DnsTxtLookup(Optional.of(dns.address()), Duration.ofSeconds(5)));
    }

    private static IdentityRenewal renewal(IdentityRig rig, Duration window) {
        return new IdentityRenewal(rig.db, rig.audit, rig.requests, rig.ca, new Devices(rig.db), window, Clock.systemUTC(),
                IdentityRig.RANDOM);
    }

    /** Records {@code device} as enrolled, as the enrollment does. */
    private static void enrolled(IdentityRig rig, String deviceId, TestDevice device) {
        rig.db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO device (device_id, address, name, signing_serial, level, enrolled_at)"
                    + " VALUES (?, ?, 'laptop', ?, 'V1', CURRENT_TIMESTAMP)")) {
                ps.setString(1, deviceId);
                ps.setString(2, device.address());
                ps.setString(3, device.certificate().getSerialNumber().toString(16));
                return ps.executeUpdate();
            }
        });
    }

    /** The device's own certificate renewed for a new key, as the signing renewal does it. */
    private static TestDevice renewedV1(IdentityRig rig, String deviceId, TestDevice old) {
        TestDevice renewed = rig.device(old.address());
        rig.db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE device SET signing_serial = ? WHERE device_id = ?")) {
                ps.setString(1, renewed.certificate().getSerialNumber().toString(16));
                ps.setString(2, deviceId);
                return ps.executeUpdate();
            }
        });
        rig.ca.revocations().revoke(old.certificate().getSerialNumber(), RevocationReason.SUPERSEDED, "test");
        return renewed;
    }

    private static IdentityProblem.Kind refusal(IdentityRenewal renewal, TestDevice device, IdentityLevel level) {
        try {
            renewal.renew(device.authenticated(), level);
        } catch (IdentityProblem e) {
            return e.kind();
        }
        throw new AssertionError("renewal of " + level + " was not refused");
    }

    @Test
    void v2FollowsTheDevicesNewKeyAndTheWindowRuleHoldsForTheSameKey() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2()) {
            IdentityRig rig = rig(testDb);
            AdminAccount operator = rig.operator("olga");
            TestDevice laptop = rig.device("alice@example.org");
            enrolled(rig, "dev-alice", laptop);
            IdentityRequest asked = rig.requests.submit(laptop.authenticated(), IdentityLevel.V2,
                    SubjectDetails.checked("Alice", "Archer", null, null, "Berlin", null, "DE")).request();
            X509Certificate first = Certificates.parse(rig.requests.approve(operator, asked.id()).certificate().orElseThrow());
            long certificates = rig.ca.records().count();

            // The same key, early in the certificate's life: too early, and nothing issued or recorded.
            assertThat(refusal(renewal(rig, Duration.ofDays(30)), laptop, IdentityLevel.V2)).isEqualTo(IdentityProblem.Kind.TOO_EARLY);
            assertThat(rig.ca.records().count()).isEqualTo(certificates);
            assertThat(rig.audited("identity.request.renew")).isEmpty();

            // After the device renewed its own certificate, the V2 certificate follows at once.
            TestDevice renewedLaptop = renewedV1(rig, "dev-alice", laptop);
            IdentityRequest renewed = renewal(rig, Duration.ofDays(30)).renew(renewedLaptop.authenticated(), IdentityLevel.V2);
            assertThat(renewed.status()).isEqualTo(RequestStatus.ISSUED);
            assertThat(renewed.decidedBy()).hasValue("renewal:" + asked.id());
            X509Certificate second = Certificates.parse(renewed.certificate().orElseThrow());
            assertThat(second.getPublicKey()).isEqualTo(renewedLaptop.keys().getPublic());
            assertThat(Certificates.subject(second)).containsEntry("GIVENNAME", "Alice").containsEntry("L", "Berlin");
            assertThat(rig.ca.records().find(second.getSerialNumber()).orElseThrow().profile()).isEqualTo("signing-v2");
            assertThat(rig.ca.records().find(first.getSerialNumber()).orElseThrow().revocation())
                    .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("superseded"));
            assertThat(rig.audited("identity.request.renew")).singleElement().satisfies(r -> assertThat(r.details())
                    .contains("replaces=" + asked.id()).contains("serial=" + first.getSerialNumber().toString(16)));
            assertThat(rig.audited("identity.request.approve")).as("no new review").hasSize(1);

            // With the window open, the same key renews too; the renewed certificate is the basis then.
            IdentityRequest again = renewal(rig, ALWAYS_OPEN).renew(renewedLaptop.authenticated(), IdentityLevel.V2);
            assertThat(again.decidedBy()).hasValue("renewal:" + renewed.id());
            assertThat(rig.ca.records().find(second.getSerialNumber()).orElseThrow().revocation()).isPresent();
        }
    }

    @Test
    void renewalIsRefusedWithoutAnIssuedCertificateOrAnEnrolledDevice() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2()) {
            IdentityRig rig = rig(testDb);
            TestDevice notEnrolled = rig.device("dora@example.org");
            assertThat(refusal(renewal(rig, ALWAYS_OPEN), notEnrolled, IdentityLevel.V2)).isEqualTo(IdentityProblem.Kind.CONFLICT);
            TestDevice enrolled = rig.device("dora@example.org");
            enrolled(rig, "dev-dora", enrolled);
            assertThat(refusal(renewal(rig, ALWAYS_OPEN), enrolled, IdentityLevel.V3)).isEqualTo(IdentityProblem.Kind.CONFLICT);
            assertThat(rig.rows("identity_request")).isZero();
        }
    }

    @Test
    void v3AndV4AreRefusedOnceTheVoucherIsWithdrawnOrTheOrganizationNoLongerApproved() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2()) {
            IdentityRig rig = rig(testDb);
            AdminAccount operator = rig.operator("olga");
            AdminAccount orgAdmin = rig.orgAdmin("wanda", "widgets.example");
            rig.approvedOrganization("widgets.example", orgAdmin, operator, dns);
            rig.vouchers.vouch(orgAdmin, "widgets.example", "carol@widgets.example",
                    SubjectDetails.checked("Carol", "Cole", "Head of Sales", null, null, null, null));
            TestDevice laptop = rig.device("carol@widgets.example");
            enrolled(rig, "dev-carol", laptop);
            rig.requests.submit(laptop.authenticated(), IdentityLevel.V3, SubjectDetails.none());
            rig.requests.submit(laptop.authenticated(), IdentityLevel.V4, SubjectDetails.none());
            TestDevice renewedLaptop = renewedV1(rig, "dev-carol", laptop);
            IdentityRenewal renewal = renewal(rig, Duration.ofDays(30));

            rig.vouchers.withdraw(orgAdmin, "widgets.example", "carol@widgets.example");
            long certificates = rig.ca.records().count();
            assertThat(refusal(renewal, renewedLaptop, IdentityLevel.V4)).isEqualTo(IdentityProblem.Kind.CONFLICT);
            assertThat(rig.ca.records().count()).isEqualTo(certificates);

            // The organization still approved: V3 renews for the new key.
            IdentityRequest v3 = renewal.renew(renewedLaptop.authenticated(), IdentityLevel.V3);
            assertThat(Certificates.parse(v3.certificate().orElseThrow()).getPublicKey()).isEqualTo(renewedLaptop.keys().getPublic());

            // Changed details wait for an operator, and a rejection ends the basis.
            rig.organizations.submit(orgAdmin, "widgets.example", SubjectDetails.checked(null, null, null,
                    "Widgets Holding GmbH", "Berlin", null, "DE"));
            rig.organizations.reject(operator, "widgets.example", "the register shows another name");
            TestDevice thirdKey = renewedV1(rig, "dev-carol", renewedLaptop);
            long before = rig.ca.records().count();
            assertThat(refusal(renewal, thirdKey, IdentityLevel.V3)).isEqualTo(IdentityProblem.Kind.CONFLICT);
            assertThat(rig.ca.records().count()).isEqualTo(before);
            assertThat(rig.audited("identity.request.renew")).hasSize(1);
        }
    }
}
