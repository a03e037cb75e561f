package org.sealpost.kms.recovery;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.KeyIds;
import org.sealpost.kms.KeyRepository;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.kms.ReleaseException;
import org.sealpost.kms.ReleasedHistory;
import org.sealpost.kms.recovery.RecoveryRefusedException.Reason;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Legal-hold recovery: an organisation's release of an address's whole key history to a transport
 * key of its choosing, once m of the domain's recovery officers have approved it with their own
 * signing keys (like Dogtag's KRA agents).
 *
 * <p>A request names the address, the transport key, a reason and who asks; it expires (7 days by
 * default). Each officer signs the request's {@linkplain RecoveryStatement canonical statement}
 * offline and hands in the signature; it is verified against the officer's registered key, one
 * decision per officer. A denial closes the request. {@link #release} checks every approval
 * again (removed officers no longer count), rebuilds the history through the same path as a device
 * release ({@link KeyService#releaseUnaudited}), marks the request released (single use) and audits
 * {@code kms.recovery.release} in the same transaction, before the envelope is returned.
 *
 * <p><b>The owner's key-protection password does not apply</b>: legal hold exists for the case where
 * the owner is unavailable or unwilling. The owner's safeguard is the officers' quorum and the audit
 * trail. Who may open, cancel or release a request is the caller's decision (issue 5's roles); the
 * envelope is readable only with the transport key the officers approved, whoever fetches it.
 *
 * <p>Every step and every refusal is audited ({@code kms.recovery.*}); no private key is ever
 * stored, logged or put in an exception (officers sign offline; the service sees public keys and
 * signatures only). Reading requests and statements is {@link RecoveryRequests}. Thread-safe:
 * decisions and the release of one request lock its row, so they run one at a time.
 */
public final class RecoveryService {
    /** How long a request stays open by default. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    static final int MAX_REASON = 1000;

    private final Database db;
    private final AuditLog audit;
    private final KeyService keys;
    private final Clock clock;
    private final KeyIds ids;
    private final Duration lifetime;
    private final OfficerRepository officers = new OfficerRepository();
    private final RequestRepository requests = new RequestRepository();
    private final RecoveryRequests view;
    private final KeyRepository keyTable = new KeyRepository();

    /**
     * Recovery over {@code keys}, with requests and decisions stored in {@code db} (the key service's
     * database) and audited to {@code audit}.
     *
     * @param lifetime how long a request stays open: 1 hour to 90 days
     */
    public RecoveryService(Database db, AuditLog audit, KeyService keys, Clock clock, SecureRandom random, Duration lifetime) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new KeyIds(Objects.requireNonNull(random, "random"));
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofHours(1)) < 0 || lifetime.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("a recovery request lives 1 hour to 90 days, got " + lifetime);
        }
        this.lifetime = lifetime;
        this.view = new RecoveryRequests(db, clock);
    }

    /**
     * Opens a recovery request for {@code address}; audited as {@code kms.recovery.open}, a refusal as
     * {@code kms.recovery.open.refused}.
     *
     * @param transportKey the key the history will be wrapped to: RSA ≥ 2048 bits, EC P-256 or P-384
     * @param reason       the reason or case reference, one line of visible text (up to 1000 characters)
     * @param requester    who asks, for the statement and the audit trail
     * @throws IllegalArgumentException when the address, key, reason or requester is unusable
     * @throws RecoveryRefusedException ({@code NO_POLICY}, {@code TOO_FEW_OFFICERS}, {@code NO_KEYS})
     */
    public RecoveryRequest open(String address, PublicKey transportKey, String reason, String requester) {
        String owner = RecoveryText.address(address);
        String domain = OwnerAddress.domainOf(owner);
        byte[] transport = RecoveryKeys.requireSupported(transportKey, "the transport key");
        String why = RecoveryText.line(reason, "the reason", MAX_REASON);
        String by = RecoveryText.line(requester, "the requester", RecoveryOfficers.MAX_ACTOR);
        try {
            return db.inTransaction(c -> {
                RecoveryPolicy policy = officers.policy(c, domain).orElseThrow(() -> new RecoveryRefusedException(Reason.NO_POLICY,
                        "legal-hold recovery is not available for " + domain + ": it has no recovery policy"));
                long active = officers.officers(c, domain).stream().filter(RecoveryOfficer::active).count();
                if (active < policy.requiredApprovals()) {
                    throw new RecoveryRefusedException(Reason.TOO_FEW_OFFICERS, domain + " has " + active + " active recovery officers but "
                            + policy.requiredApprovals() + " approvals are required: add officers first");
                }
                if (keyTable.history(c, owner).isEmpty()) {
                    throw new RecoveryRefusedException(Reason.NO_KEYS, owner + " has no keys to recover");
                }
                Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                RecoveryRequest request = new RecoveryRequest(ids.next(), owner, domain, transport, why, by, policy.requiredApprovals(),
                        created, created.plus(lifetime), RequestState.OPEN, Optional.empty(), Optional.empty());
                requests.insert(c, request);
                audit.append(c, new AuditEvent(by, "kms.recovery.open", request.requestId(), "address=" + owner + " transport-sha256="
                        + request.transportKeySha256() + " required=" + request.requiredApprovals() + " expires=" + request.expiresAt()
                        + " reason=" + why));
                return request;
            });
        } catch (RecoveryRefusedException e) {
            auditRefusal(by, "kms.recovery.open.refused", owner, e);
            throw e;
        }
    }

    /**
     * Records officer {@code officerId}'s signed {@code decision} on request {@code requestId};
     * audited as {@code kms.recovery.approve} or {@code kms.recovery.deny} (actor
     * {@code recovery-officer:<id>}), a refusal as {@code kms.recovery.decision.refused}. A denial
     * closes the request.
     *
     * @param signature the officer's signature over {@link RecoveryRequests#statement statement(requestId, decision)}:
     *                  SHA256withRSA or SHA256withECDSA (DER), as {@code openssl dgst -sha256 -sign} writes it
     * @return the request's status afterwards
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST}, {@code NOT_OPEN}, {@code EXPIRED},
     *                                  {@code UNKNOWN_OFFICER}, {@code OFFICER_REMOVED},
     *                                  {@code ALREADY_DECIDED}, {@code BAD_SIGNATURE}); nothing is stored then
     */
    public RecoveryStatus decide(String requestId, String officerId, Decision decision, byte[] signature) {
        String id = RecoveryText.id(requestId, "a request id");
        String officerKey = RecoveryText.id(officerId, "an officer id");
        Objects.requireNonNull(decision, "decision");
        String actor = "recovery-officer:" + officerKey;
        try {
            return db.inTransaction(c -> {
                RecoveryRequest request = requireOpen(c, id);
                RecoveryOfficer officer = officers.find(c, officerKey).filter(o -> o.domain().equals(request.domain()))
                        .orElseThrow(() -> new RecoveryRefusedException(Reason.UNKNOWN_OFFICER, "there is no recovery officer " + officerKey
                                + " for " + request.domain()));
                if (!officer.active()) {
                    throw new RecoveryRefusedException(Reason.OFFICER_REMOVED, "recovery officer " + officerKey + " was removed on "
                            + officer.removedAt().get());
                }
                if (requests.decisions(c, id).stream().anyMatch(d -> d.officerId().equals(officerKey))) {
                    throw new RecoveryRefusedException(Reason.ALREADY_DECIDED, "recovery officer " + officerKey + " has already decided on request " + id);
                }
                if (!RecoveryKeys.verifies(officer.decodePublicKey(), RecoveryStatement.encode(request, decision), signature)) {
                    throw new RecoveryRefusedException(Reason.BAD_SIGNATURE, "the signature does not verify with the key of recovery officer "
                            + officerKey + " (sha256 " + officer.keySha256() + ") over the " + decision.word() + " statement of request " + id);
                }
                Instant now = now();
                requests.insertDecision(c, new RecoveryDecision(id, officerKey, decision, signature, now));
                if (decision == Decision.DENY) {
                    requests.close(c, id, RequestState.DENIED, now, actor);
                }
                RecoveryStatus status = view.status(c, requests.find(c, id).orElseThrow());
                audit.append(c, new AuditEvent(actor, "kms.recovery." + decision.word(), id, "address=" + request.address() + " officer="
                        + officerKey + " name=" + officer.name() + " key-sha256=" + officer.keySha256() + " approvals="
                        + status.approvedBy().size() + "/" + status.requiredApprovals() + " stage=" + stageWord(status)));
                return status;
            });
        } catch (RecoveryRefusedException e) {
            auditRefusal(actor, "kms.recovery.decision.refused", id, e);
            throw e;
        }
    }

    /**
     * Withdraws an open request (expired or not); audited as {@code kms.recovery.cancel}.
     *
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST}, {@code NOT_OPEN})
     */
    public RecoveryStatus cancel(String requestId, String actor) {
        String id = RecoveryText.id(requestId, "a request id");
        String by = RecoveryText.line(actor, "the actor", RecoveryOfficers.MAX_ACTOR);
        try {
            return db.inTransaction(c -> {
                RecoveryRequest request = requests.lock(c, id).orElseThrow(() -> RecoveryRequests.unknown(id));
                if (!requests.close(c, id, RequestState.CANCELLED, now(), by)) {
                    throw notOpen(request);
                }
                audit.append(c, new AuditEvent(by, "kms.recovery.cancel", id, "address=" + request.address()));
                return view.status(c, requests.find(c, id).orElseThrow());
            });
        } catch (RecoveryRefusedException e) {
            auditRefusal(by, "kms.recovery.cancel.refused", id, e);
            throw e;
        }
    }

    /**
     * Releases the key history of an approved request, wrapped to the request's transport key (a
     * {@link org.sealpost.kms.ReleasePackage}), once: the request is marked released and
     * {@code kms.recovery.release} is audited in one transaction before the envelope is returned. A
     * refusal is audited as {@code kms.recovery.release.refused}; a failure of the key service (vaults)
     * as {@code kms.recovery.release.failed}, and the request stays open.
     *
     * @param actor who fetches the envelope
     * @return the DER of the CMS AuthEnvelopedData
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST}, {@code NOT_OPEN}, {@code EXPIRED},
     *                                  {@code NO_POLICY}, {@code TOO_FEW_APPROVALS})
     * @throws KeyServiceException      when too few vaults answer or a rebuilt key fails its check
     */
    public byte[] release(String requestId, String actor) {
        String id = RecoveryText.id(requestId, "a request id");
        String by = RecoveryText.line(actor, "the actor", RecoveryOfficers.MAX_ACTOR);
        try {
            return db.inTransaction(c -> {
                RecoveryRequest request = requireOpen(c, id);
                RecoveryStatus status = view.status(c, request);
                if (officers.policy(c, request.domain()).isEmpty()) {
                    throw new RecoveryRefusedException(Reason.NO_POLICY, "legal-hold recovery is no longer available for " + request.domain()
                            + ": its recovery policy was withdrawn");
                }
                if (status.stage() != RecoveryStatus.Stage.APPROVED) {
                    throw new RecoveryRefusedException(Reason.TOO_FEW_APPROVALS, "request " + id + " has " + status.approvedBy().size()
                            + " valid approvals of the " + status.requiredApprovals() + " required");
                }
                // The row lock is held while the vaults are read: a second release waits, then finds the request released.
                ReleasedHistory released = keys.releaseUnaudited(request.address(), request.decodeTransportKey());
                if (!requests.close(c, id, RequestState.RELEASED, now(), by)) {
                    throw notOpen(request);
                }
                audit.append(c, new AuditEvent(by, "kms.recovery.release", id, "address=" + request.address() + " approved-by="
                        + String.join(",", status.approvedBy()) + " required=" + status.requiredApprovals() + " transport-sha256="
                        + request.transportKeySha256() + " " + released.auditDetails()));
                return released.envelope();
            });
        } catch (RecoveryRefusedException e) {
            auditRefusal(by, "kms.recovery.release.refused", id, e);
            throw e;
        } catch (KeyServiceException | ReleaseException e) {
            auditRefusal(by, "kms.recovery.release.failed", id, e);
            throw e;
        }
    }

    /** The request, locked, if it is open and unexpired. */
    private RecoveryRequest requireOpen(Connection c, String id) throws SQLException {
        RecoveryRequest request = requests.lock(c, id).orElseThrow(() -> RecoveryRequests.unknown(id));
        if (request.state() != RequestState.OPEN) {
            throw notOpen(request);
        }
        if (request.expiredAt(clock.instant())) {
            throw new RecoveryRefusedException(Reason.EXPIRED, "request " + id + " expired at " + request.expiresAt());
        }
        return request;
    }

    private static RecoveryRefusedException notOpen(RecoveryRequest request) {
        return new RecoveryRefusedException(Reason.NOT_OPEN, "request " + request.requestId() + " is " + request.state().dbValue()
                + ", not open");
    }

    private static String stageWord(RecoveryStatus status) {
        return status.stage().name().toLowerCase(Locale.ROOT);
    }

    private void auditRefusal(String actor, String action, String subject, RuntimeException e) {
        String reason = e instanceof RecoveryRefusedException r ? "refused=" + r.reason().name().toLowerCase(Locale.ROOT) + " " : "";
        try {
            audit.append(new AuditEvent(actor, action, subject, reason + "reason=" + e.getMessage()));
        } catch (RuntimeException auditFailure) {
            // The refusal is what the caller must see; the audit failure is the operator's.
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
