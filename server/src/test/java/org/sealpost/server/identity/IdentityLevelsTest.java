package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.profile.PolicyOids;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.identity.IdentityRig.TestDevice;
import org.sealpost.storage.testing.TestDatabase;

/**
 * The identity services on H2 and PostgreSQL: V2 reviewed by an operator, V3 for a domain whose
 * control was proven by DNS (through a real DNS responder) and whose organization was approved, V4
 * from a voucher; the certificates say what was reviewed; roles are separated; every decision is
 * audited; refusals store nothing.
 */
class IdentityLevelsTest {
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
        return new IdentityRig(testDb.open(), Optional.empty(),
                new DnsTxtLookup(Optional.of(dns.address()), Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void v2IsIssuedForTheDevicesKeyOnceAnOperatorApproves(TestDatabase testDb) throws Exception {
        IdentityRig rig = rig(testDb);
        TestDevice alice = rig.device("alice@example.org");
        AdminAccount operator = rig.operator("olga");

        IdentityRequest pending = rig.requests.submit(alice.authenticated(), IdentityLevel.V2,
                SubjectDetails.checked("Alice", "Archer", null, null, "Berlin", null, "de")).request();
        assertThat(pending.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(rig.requests.fetch(alice.authenticated(), pending.id()).certificate()).isEmpty();
        assertThatThrownBy(() -> rig.requests.submit(alice.authenticated(), IdentityLevel.V2,
                SubjectDetails.checked("Alice", "Archer", null, null, "Berlin", null, "DE")))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(rig.requests.list(operator, Optional.of(RequestStatus.PENDING))).extracting(IdentityRequest::id)
                .containsExactly(pending.id());

        IdentityRequest issued = rig.requests.approve(operator, pending.id());

        assertThat(issued.status()).isEqualTo(RequestStatus.ISSUED);
        X509Certificate cert = Certificates.parse(rig.requests.fetch(alice.authenticated(), pending.id()).certificate().orElseThrow());
        assertThat(cert.getPublicKey()).isEqualTo(alice.keys().getPublic());
        assertThat(Certificates.subject(cert)).containsEntry("GIVENNAME", "Alice").containsEntry("SURNAME", "Archer")
                .containsEntry("L", "Berlin").containsEntry("C", "DE").containsEntry("CN", "Alice Archer");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList()).containsExactly("alice@example.org");
        Certificates.assertPolicy(cert, PolicyOids.SBR_INDIVIDUAL_STRICT);
        assertThat(rig.ca.records().find(cert.getSerialNumber()).orElseThrow().profile()).isEqualTo("signing-v2");

        assertThat(rig.audited("identity.request.submit")).singleElement().satisfies(r -> assertThat(r.subject()).isEqualTo("alice@example.org"));
        assertThat(rig.audited("identity.request.approve")).singleElement().satisfies(r -> assertThat(r.actor()).isEqualTo("admin:olga"));
        assertThat(rig.audited("identity.request.issue")).singleElement().satisfies(r -> assertThat(r.details())
                .contains("serial=" + cert.getSerialNumber().toString(16)));
        // Approving twice is refused, and a second fetch hands out the same certificate.
        assertThatThrownBy(() -> rig.requests.approve(operator, pending.id())).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(Certificates.parse(rig.requests.fetch(alice.authenticated(), pending.id()).certificate().orElseThrow()))
                .isEqualTo(cert);
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aRejectedV2RequestSaysWhyAndIssuesNothing(TestDatabase testDb) throws Exception {
        IdentityRig rig = rig(testDb);
        TestDevice bob = rig.device("bob@example.org");
        AdminAccount operator = rig.operator("olga");
        IdentityRequest pending = rig.requests.submit(bob.authenticated(), IdentityLevel.V2,
                SubjectDetails.checked("Bob", "Baker", null, null, "Hamburg", null, "DE")).request();
        long certificates = rig.ca.records().count();

        assertThatThrownBy(() -> rig.requests.reject(operator, pending.id(), " ")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID));
        IdentityRequest rejected = rig.requests.reject(operator, pending.id(), "the passport shows another name");

        assertThat(rejected.status()).isEqualTo(RequestStatus.REJECTED);
        IdentityRequest seen = rig.requests.fetch(bob.authenticated(), pending.id());
        assertThat(seen.reason()).hasValue("the passport shows another name");
        assertThat(seen.certificate()).isEmpty();
        assertThat(rig.ca.records().count()).isEqualTo(certificates);
        assertThat(rig.audited("identity.request.reject")).singleElement().satisfies(r -> assertThat(r.details())
                .contains("reason=the passport shows another name"));
        // Another address's device cannot see it.
        assertThatThrownBy(() -> rig.requests.fetch(rig.device("eve@example.org").authenticated(), pending.id()))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.NOT_FOUND));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void v3AndV4FollowTheOrganizationsApprovalAndTheVoucher(TestDatabase testDb) throws Exception {
        IdentityRig rig = rig(testDb);
        AdminAccount operator = rig.operator("olga");
        AdminAccount orgAdmin = rig.orgAdmin("wanda", "widgets.example");
        TestDevice carol = rig.device("carol@widgets.example");

        // Before the organization is verified, neither level is granted and nothing is stored.
        assertThatThrownBy(() -> rig.requests.submit(carol.authenticated(), IdentityLevel.V3, SubjectDetails.none()))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThatThrownBy(() -> rig.vouchers.vouch(orgAdmin, "widgets.example", "carol@widgets.example",
                SubjectDetails.checked("Carol", "Cole", "Head of Sales", null, null, null, null)))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(rig.rows("identity_request")).isZero();
        assertThat(rig.rows("identity_voucher")).isZero();

        rig.organizations.submit(orgAdmin, "Widgets.Example", SubjectDetails.checked(null, null, null,
                "Example Widgets GmbH", "Berlin", null, "DE"));
        assertThatThrownBy(() -> rig.organizations.approve(operator, "widgets.example"))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.getMessage()).contains("not proven"));
        DomainValidation started = rig.validations.startDns(orgAdmin, "widgets.example");
        assertThat(started.target()).isEqualTo("_sealpost-challenge.widgets.example");
        assertThatThrownBy(() -> rig.validations.checkDns(orgAdmin, "widgets.example", started.id()))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        dns.publish(started.target(), started.token().orElseThrow());
        assertThat(rig.validations.checkDns(orgAdmin, "widgets.example", started.id()).status()).isEqualTo("validated");
        assertThat(rig.organizations.approve(operator, "widgets.example").verified()).isTrue();

        IdentityRequest v3 = rig.requests.submit(carol.authenticated(), IdentityLevel.V3, SubjectDetails.none()).request();
        assertThat(v3.status()).isEqualTo(RequestStatus.ISSUED);
        X509Certificate v3Cert = Certificates.parse(v3.certificate().orElseThrow());
        assertThat(Certificates.subject(v3Cert)).containsEntry("O", "Example Widgets GmbH").containsEntry("L", "Berlin")
                .containsEntry("C", "DE").doesNotContainKey("GIVENNAME");
        Certificates.assertPolicy(v3Cert, PolicyOids.SBR_ORGANIZATION_STRICT);
        assertThat(v3Cert.getPublicKey()).isEqualTo(carol.keys().getPublic());
        // Asking again returns the certificate the device holds rather than issuing another.
        long certificates = rig.ca.records().count();
        Submitted again = rig.requests.submit(carol.authenticated(), IdentityLevel.V3, SubjectDetails.none());
        assertThat(again.created()).isFalse();
        assertThat(again.request().id()).isEqualTo(v3.id());
        assertThat(rig.ca.records().count()).isEqualTo(certificates);

        // V4: only with a voucher for this very address.
        assertThatThrownBy(() -> rig.requests.submit(carol.authenticated(), IdentityLevel.V4, SubjectDetails.none()))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.getMessage()).contains("nobody vouched"));
        rig.vouchers.vouch(orgAdmin, "widgets.example", "Carol@Widgets.Example",
                SubjectDetails.checked("Carol", "Cole", "Head of Sales", null, null, null, null));
        IdentityRequest v4 = rig.requests.submit(carol.authenticated(), IdentityLevel.V4, SubjectDetails.none()).request();
        X509Certificate v4Cert = Certificates.parse(v4.certificate().orElseThrow());
        assertThat(Certificates.subject(v4Cert)).containsEntry("GIVENNAME", "Carol").containsEntry("SURNAME", "Cole")
                .containsEntry("T", "Head of Sales").containsEntry("O", "Example Widgets GmbH").containsEntry("C", "DE");
        Certificates.assertPolicy(v4Cert, PolicyOids.SBR_SPONSOR_STRICT);
        assertThat(v4.decidedBy()).hasValue("admin:wanda");
        // A new title is a new voucher: the next request states it.
        rig.vouchers.vouch(orgAdmin, "widgets.example", "carol@widgets.example",
                SubjectDetails.checked("Carol", "Cole", "Managing Director", null, null, null, null));
        Submitted promoted = rig.requests.submit(carol.authenticated(), IdentityLevel.V4, SubjectDetails.none());
        assertThat(promoted.created()).isTrue();
        assertThat(Certificates.subject(Certificates.parse(promoted.request().certificate().orElseThrow())))
                .containsEntry("T", "Managing Director");

        assertThat(rig.audited("identity.org.submit")).hasSize(1);
        assertThat(rig.audited("identity.org.validated")).singleElement().satisfies(r -> assertThat(r.details())
                .contains("how=dns:_sealpost-challenge.widgets.example"));
        assertThat(rig.audited("identity.org.validation.failed")).hasSize(1);
        assertThat(rig.audited("identity.org.approve")).singleElement().satisfies(r -> assertThat(r.actor()).isEqualTo("admin:olga"));
        assertThat(rig.audited("identity.voucher.add")).hasSize(2).allSatisfy(r -> assertThat(r.subject())
                .isEqualTo("carol@widgets.example"));

        // Withdrawn: no new V4 certificates.
        rig.vouchers.withdraw(orgAdmin, "widgets.example", "carol@widgets.example");
        assertThatThrownBy(() -> rig.requests.submit(rig.device("carol@widgets.example").authenticated(), IdentityLevel.V4,
                SubjectDetails.none())).isInstanceOf(IdentityProblem.class);
        assertThat(rig.audited("identity.voucher.withdraw")).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void rolesAreSeparated(TestDatabase testDb) throws Exception {
        IdentityRig rig = rig(testDb);
        AdminAccount operator = rig.operator("olga");
        AdminAccount adminA = rig.orgAdmin("anna", "a.example");
        AdminAccount adminB = rig.orgAdmin("bert", "b.example");
        rig.approvedOrganization("a.example", adminA, operator, dns);
        rig.approvedOrganization("b.example", adminB, operator, dns);
        TestDevice dave = rig.device("dave@example.org");
        IdentityRequest pending = rig.requests.submit(dave.authenticated(), IdentityLevel.V2,
                SubjectDetails.checked("Dave", "Doe", null, null, "Bonn", null, "DE")).request();
        long audited = rig.audit.tail(100_000).size();

        assertForbidden(() -> rig.vouchers.vouch(adminA, "b.example", "x@b.example",
                SubjectDetails.checked("X", "Y", "CEO", null, null, null, null)));
        assertForbidden(() -> rig.requests.approve(adminA, pending.id()));
        assertForbidden(() -> rig.requests.reject(adminA, pending.id(), "no"));
        assertForbidden(() -> rig.requests.list(adminA, Optional.empty()));
        assertForbidden(() -> rig.organizations.approve(adminA, "a.example"));
        assertForbidden(() -> rig.organizations.submit(adminA, "b.example", SubjectDetails.checked(null, null, null, "B", null, null, "DE")));
        assertForbidden(() -> rig.validations.startDns(adminA, "b.example"));
        // The operator approves, but does not act for an organization.
        assertForbidden(() -> rig.vouchers.vouch(operator, "a.example", "x@a.example",
                SubjectDetails.checked("X", "Y", "CEO", null, null, null, null)));
        assertForbidden(() -> rig.organizations.submit(operator, "a.example", SubjectDetails.checked(null, null, null, "A", null, null, "DE")));
        // An org admin vouches only for its own domain's addresses.
        assertThatThrownBy(() -> rig.vouchers.vouch(adminA, "a.example", "x@b.example",
                SubjectDetails.checked("X", "Y", "CEO", null, null, null, null)))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID));

        assertThat(rig.rows("identity_voucher")).isZero();
        assertThat(rig.requests.find(pending.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(rig.audit.tail(100_000)).hasSize((int) audited);

        // A disabled operator decides nothing more.
        AdminAccount disabled = rig.accounts.disable("olga", "operator:test");
        assertForbidden(() -> rig.requests.approve(disabled, pending.id()));
    }

    private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.FORBIDDEN));
    }
}
