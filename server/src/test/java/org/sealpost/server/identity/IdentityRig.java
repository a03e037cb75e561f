package org.sealpost.server.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.validation.ChallengeService;

/**
 * The identity services over a test database and a test CA, with helpers that make what the
 * services need: enrolled devices (V1 certificates issued in-process) and admin accounts.
 */
final class IdentityRig {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final TestCa TEST_CA = TestCa.create(CaAlgorithm.EC);

    final Database db;
    final AuditLog audit;
    final CaServices ca;
    final AdminAccounts accounts;
    final IdentityRequests requests;
    final Organizations organizations;
    final Vouchers vouchers;
    final DomainValidations validations;

    IdentityRig(Database db, Optional<ChallengeService> mail, DnsTxtLookup dns) {
        Clock clock = Clock.systemUTC();
        this.db = db;
        this.audit = new AuditLog(db, clock);
        this.ca = CaServices.open(TEST_CA.ca(), db, audit, CaPolicy.defaults(), RANDOM, clock);
        this.accounts = new AdminAccounts(db, audit, clock, RANDOM);
        this.requests = new IdentityRequests(db, audit, Optional.of(new IdentityIssuer(ca)), clock, RANDOM);
        this.organizations = new Organizations(db, audit, clock);
        this.vouchers = new Vouchers(db, audit, clock);
        this.validations = new DomainValidations(db, audit, mail, dns, clock, RANDOM);
    }

    /** A device of {@code address}: a fresh P-256 key and its signing-v1 certificate. */
    TestDevice device(String address) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate cert = ca.issuance().issue(IssuanceRequest.forKey(keys.getPublic(), "signing-v1")
                    .withEmails(List.of(address)), "test").certificate();
            return new TestDevice(keys, cert, address);
        } catch (GeneralSecurityException | CaException e) {
            throw new IllegalStateException(e);
        }
    }

    AdminAccount operator(String name) {
        return create(name, AdminRole.OPERATOR, null).account();
    }

    AdminAccount orgAdmin(String name, String domain) {
        return create(name, AdminRole.ORG_ADMIN, domain).account();
    }

    org.sealpost.server.admin.CreatedAccount create(String name, AdminRole role, String domain) {
        try {
            return accounts.create(name, role, domain, "operator:test");
        } catch (IdentityProblem e) {
            throw new IllegalStateException(e);
        }
    }

    /** An approved organization for {@code domain} (details, DNS proof through {@code dns}, operator approval). */
    void approvedOrganization(String domain, AdminAccount orgAdmin, AdminAccount operator, TxtResponder dns) throws Exception {
        organizations.submit(orgAdmin, domain, SubjectDetails.checked(null, null, null, "Example Widgets GmbH", "Berlin",
                null, "DE"));
        DomainValidation started = validations.startDns(orgAdmin, domain);
        dns.publish(started.target(), started.token().orElseThrow());
        validations.checkDns(orgAdmin, domain, started.id());
        organizations.approve(operator, domain);
    }

    /** The audit records with {@code action}, oldest first. */
    List<AuditRecord> audited(String action) {
        return audit.tail(10_000).stream().filter(r -> r.action().equals(action)).toList();
    }

    long rows(String table) {
        return db.inTransaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A device with its key and certificate, as the client holds them. */
    record TestDevice(KeyPair keys, X509Certificate certificate, String address) {
        AuthenticatedDevice authenticated() {
            return new AuthenticatedDevice(address, certificate.getSerialNumber(), certificate);
        }

        BigInteger serial() {
            return certificate.getSerialNumber();
        }

        String authorization(String method, String url, byte[] body) {
            return new DeviceTokenSigner(keys.getPrivate(), certificate, Clock.systemUTC(), RANDOM,
                    DeviceTokenSigner.DEFAULT_LIFETIME).authorization(method, url, body);
        }
    }
}
