package org.sealpost.server.identity;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity requests (table {@code identity_request}): a device asks for V2 (reviewed by an operator),
 * V3 (granted when its domain's organization is approved) or V4 (granted when its address has a
 * voucher). Approved requests are issued by the {@link IdentityIssuer} at once when this instance has
 * one (the server), else when the device next fetches the request (a decision taken with the CLI,
 * which holds no CA key). The request row is locked while it is issued, so exactly one certificate
 * comes of it.
 *
 * <p>Audited: {@code identity.request.submit}, {@code .approve}, {@code .reject} and {@code .issue};
 * the CA audits the issuance itself as well. Thread-safe.
 */
public final class IdentityRequests {
    /** The most requests an operator's list shows at once. */
    public static final int LIST_LIMIT = 500;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRequests.class);

    private final Database db;
    private final AuditLog audit;
    private final Optional<IdentityIssuer> issuer;
    private final Clock clock;
    private final RandomIds ids;
    private final IdentityRequestStore store = new IdentityRequestStore();

    /** @param issuer empty where no CA key is at hand (the CLI): approvals are then issued on the device's next fetch */
    public IdentityRequests(Database db, AuditLog audit, Optional<IdentityIssuer> issuer, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new RandomIds(random);
    }

    /**
     * A device's request. V2 takes the person's details and waits for an operator; V3 and V4 take no
     * details (they come from the organization and the voucher) and are issued at once.
     *
     * @return the new request; for V3 and V4, the device's issued request of that level instead (not
     *         created) when its certificate states the same: nothing new is issued then
     * @throws IdentityProblem INVALID for missing or extra details; CONFLICT when the device has an
     *                         open request of that level, or (V3, V4) the organization is not approved
     *                         or (V4) the address has no voucher
     */
    public Submitted submit(AuthenticatedDevice device, IdentityLevel level, SubjectDetails details) throws IdentityProblem {
        Objects.requireNonNull(device, "device");
        String address = device.address();
        String domain = OwnerAddress.domainOf(address);
        if (level == IdentityLevel.V2) {
            details.require("a V2 request", "givenName", "surname", "locality", "country");
            if (details.title().isPresent() || details.organization().isPresent()) {
                throw IdentityProblem.invalid("a V2 certificate names a person only: no title or organization (those are V4)");
            }
        } else if (!details.equals(SubjectDetails.none())) {
            throw IdentityProblem.invalid("a " + level + " request takes no details: they come from the organization"
                    + (level == IdentityLevel.V4 ? " and its admin's voucher" : ""));
        }
        byte[] key = device.certificate().getPublicKey().getEncoded();
        String serial = device.serialHex();
        Instant now = now();
        String id = ids.next();
        Submitted submitted = db.inTransaction(c -> {
            if (store.hasOpen(c, serial, level)) {
                return Decision.<Submitted>refused(IdentityProblem.conflict("this device has an open " + level
                        + " request already"));
            }
            Decision<IdentityRequest> made = level == IdentityLevel.V2
                    ? Decision.done(new IdentityRequest(id, address, level, RequestStatus.PENDING, serial, key, details, now,
                            Optional.empty(), Optional.empty(), Optional.empty()))
                    : granted(c, id, address, domain, level, serial, key, now);
            IdentityRequest request;
            switch (made) {
                case Decision.Done<IdentityRequest> done -> request = done.value();
                case Decision.Refused<IdentityRequest> refused -> {
                    return Decision.<Submitted>refused(refused.problem());
                }
            }
            // Asking again for what the device holds returns it: a loop cannot fill the CA's records.
            Optional<IdentityRequest> held = store.latestIssued(c, serial, level)
                    .filter(r -> r.details().equals(request.details()));
            if (held.isPresent()) {
                return Decision.done(new Submitted(held.get(), false));
            }
            store.insert(c, request);
            audit.append(c, new AuditEvent("device:" + serial, "identity.request.submit", address, "request=" + id
                    + " level=" + level + " status=" + request.status().id() + request.decidedBy().map(b -> " by=" + b).orElse("")
                    + " " + request.details().summary()));
            return Decision.done(new Submitted(request, true));
        }).get();
        IdentityRequest request = submitted.request();
        return request.status() == RequestStatus.APPROVED && issuer.isPresent() ? new Submitted(issue(request.id()), true)
                : submitted;
    }

    /** A V3 or V4 request granted by the organization's approval (and the voucher), or why not. */
    static Decision<IdentityRequest> granted(Connection c, String id, String address, String domain,
            IdentityLevel level, String serial, byte[] key, Instant now) throws SQLException {
        Optional<Organization> org = Organizations.find(c, domain, false);
        if (org.isEmpty() || !org.get().verified()) {
            return Decision.refused(IdentityProblem.conflict("the organization of " + domain + " is not verified: its admin"
                    + " must prove control of the domain and an operator approve it"));
        }
        if (level == IdentityLevel.V3) {
            return Decision.done(new IdentityRequest(id, address, level, RequestStatus.APPROVED, serial, key,
                    org.get().details(), now, Optional.of("org:" + domain), Optional.empty(), Optional.empty()));
        }
        Optional<Voucher> voucher = Vouchers.find(c, address);
        if (voucher.isEmpty()) {
            return Decision.refused(IdentityProblem.conflict("nobody vouched for " + address + ": ask the admin of "
                    + domain + " to vouch for your name and title"));
        }
        return Decision.done(new IdentityRequest(id, address, level, RequestStatus.APPROVED, serial, key,
                voucher.get().details().withOrganization(org.get().details()), now, Optional.of(voucher.get().vouchedBy()),
                Optional.empty(), Optional.empty()));
    }

    /**
     * The request {@code id} of the calling device's address; an approved one is issued first when
     * this instance can issue.
     *
     * @throws IdentityProblem NOT_FOUND for an unknown id or another address's request
     */
    public IdentityRequest fetch(AuthenticatedDevice device, String id) throws IdentityProblem {
        IdentityRequest request = find(id).filter(r -> r.address().equals(device.address()))
                .orElseThrow(() -> IdentityProblem.notFound("no identity request " + id + " for " + device.address()));
        return request.status() == RequestStatus.APPROVED && issuer.isPresent() ? issue(id) : request;
    }

    /**
     * Issues the approved requests of the calling device's key, as {@link #fetch} would one by one:
     * an approval taken with the CLI is otherwise issued only when the device fetches that request.
     * Does nothing where this instance cannot issue. A request the CA refuses stays approved and is
     * logged for the operator; the others are issued all the same.
     */
    public void issueApproved(AuthenticatedDevice device) {
        if (issuer.isEmpty()) {
            return;
        }
        byte[] key = device.certificate().getPublicKey().getEncoded();
        List<IdentityRequest> approved = db.inTransaction(c -> store.approved(c, device.address()));
        for (IdentityRequest request : approved) {
            if (!Arrays.equals(request.deviceKey(), key)) {
                continue;
            }
            try {
                issue(request.id());
            } catch (IdentityProblem e) {
                LOG.warn("approved {} request {} of {} cannot be issued: {}", request.level(), request.id(), request.address(),
                        e.getMessage());
            }
        }
    }

    /** The request {@code id}, whoever made it (for operators). */
    public Optional<IdentityRequest> find(String id) {
        if (!RandomIds.wellFormed(id)) {
            return Optional.empty();
        }
        return db.inTransaction(c -> store.find(c, id, false));
    }

    /** Requests in {@code status} (all when empty), oldest first, at most {@link #LIST_LIMIT}. */
    public List<IdentityRequest> list(AdminAccount operator, Optional<RequestStatus> status) throws IdentityProblem {
        RoleCheck.operator(operator, "list identity requests");
        return db.inTransaction(c -> store.list(c, status, LIST_LIMIT));
    }

    /**
     * Approves a pending V2 request.
     *
     * @throws IdentityProblem FORBIDDEN unless an operator; NOT_FOUND; CONFLICT unless pending
     */
    public IdentityRequest approve(AdminAccount operator, String id) throws IdentityProblem {
        RoleCheck.operator(operator, "approve identity requests");
        decide(operator, id, RequestStatus.APPROVED, null);
        return issuer.isPresent() ? issue(id) : find(id).orElseThrow();
    }

    /**
     * Rejects a pending V2 request; the device sees the reason.
     *
     * @throws IdentityProblem FORBIDDEN unless an operator; INVALID without a reason; NOT_FOUND; CONFLICT unless pending
     */
    public IdentityRequest reject(AdminAccount operator, String id, String reason) throws IdentityProblem {
        RoleCheck.operator(operator, "reject identity requests");
        String why = Reasons.checked(reason);
        decide(operator, id, RequestStatus.REJECTED, why);
        return find(id).orElseThrow();
    }

    private void decide(AdminAccount operator, String id, RequestStatus status, String reason) throws IdentityProblem {
        if (!RandomIds.wellFormed(id)) {
            throw IdentityProblem.notFound("no identity request " + id);
        }
        Instant now = now();
        db.inTransaction(c -> {
            Optional<IdentityRequest> found = store.find(c, id, true);
            if (found.isEmpty()) {
                return Decision.refused(IdentityProblem.notFound("no identity request " + id));
            }
            if (found.get().status() != RequestStatus.PENDING) {
                return Decision.refused(IdentityProblem.conflict("request " + id + " is " + found.get().status().id()
                        + ", not pending"));
            }
            store.decide(c, id, status, operator.actor(), reason, now);
            audit.append(c, new AuditEvent(operator.actor(), status == RequestStatus.APPROVED ? "identity.request.approve"
                    : "identity.request.reject", found.get().address(), "request=" + id + " level=" + found.get().level()
                    + (reason == null ? "" : " reason=" + reason)));
            return Decision.done(id);
        }).get();
    }

    /** Issues an approved request under its row lock; returns it as stored afterwards. */
    IdentityRequest issue(String id) throws IdentityProblem {
        IdentityIssuer ca = issuer.orElseThrow();
        return db.inTransaction(c -> {
            IdentityRequest request = store.find(c, id, true).orElseThrow();
            if (request.status() != RequestStatus.APPROVED) {
                return Decision.done(request); // another node issued it meanwhile
            }
            X509Certificate cert;
            try {
                cert = ca.issue(request);
            } catch (IdentityProblem e) {
                return Decision.<IdentityRequest>refused(e);
            }
            store.issued(c, id, encoded(cert));
            audit.append(c, new AuditEvent("identity", "identity.request.issue", request.address(), "request=" + id
                    + " level=" + request.level() + " serial=" + cert.getSerialNumber().toString(16)));
            return Decision.done(store.find(c, id, false).orElseThrow());
        }).get();
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate the CA just issued", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
