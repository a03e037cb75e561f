package org.sealpost.kms.recovery;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.KeyIds;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * The recovery officers of each mail domain and the domain's recovery policy (how many officers
 * must approve). Every change is audited in its own transaction; officers are never deleted, only
 * marked removed, so that old approvals stay checkable. Who may make these changes (an
 * administrator role) is the caller's decision; the {@code actor} it names is recorded.
 *
 * <p>Officers first, then the policy: a policy can require at most as many approvals as the
 * domain has active officers. Removing an officer is always possible (a leaving officer or a
 * compromised key must not be kept), even when fewer officers than required remain: recovery for
 * the domain is then impossible until officers are added, and the audit record says so.
 *
 * <p>Thread-safe.
 */
public final class RecoveryOfficers {
    static final int MAX_NAME = 200;
    static final int MAX_ACTOR = 200;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final KeyIds ids;
    private final OfficerRepository officers = new OfficerRepository();

    /** Officers and policies stored in {@code db}, audited to {@code audit}. */
    public RecoveryOfficers(Database db, AuditLog audit, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new KeyIds(Objects.requireNonNull(random, "random"));
    }

    /**
     * Registers a recovery officer for {@code domain}; audited as {@code kms.recovery.officer.add}.
     *
     * @param key the officer's signing public key: RSA ≥ 2048 bits, EC P-256 or P-384 (from the
     *            officer's certificate or key file; only the key is kept)
     * @throws IllegalArgumentException  when the domain, name, key or actor is unusable
     * @throws RecoveryRefusedException  ({@code DUPLICATE_OFFICER_KEY}) when an active officer of the domain has this key
     */
    public RecoveryOfficer add(String domain, String name, PublicKey key, String actor) {
        String mailDomain = RecoveryText.domain(domain);
        String officerName = RecoveryText.line(name, "the officer's name", MAX_NAME);
        String by = RecoveryText.line(actor, "the actor", MAX_ACTOR);
        byte[] spki = RecoveryKeys.requireSupported(key, "the officer key");
        return db.inTransaction(c -> {
            Instant now = now();
            officers.lockDomain(c, mailDomain, now, by);
            RecoveryOfficer officer = new RecoveryOfficer(ids.next(), mailDomain, officerName, spki, now, by, Optional.empty(), Optional.empty());
            Optional<RecoveryOfficer> same = active(officers.officers(c, mailDomain)).stream()
                    .filter(o -> o.keySha256().equals(officer.keySha256())).findFirst();
            if (same.isPresent()) {
                throw new RecoveryRefusedException(RecoveryRefusedException.Reason.DUPLICATE_OFFICER_KEY, "officer " + same.get().officerId()
                        + " of " + mailDomain + " already has the key " + officer.keySha256() + "; each officer needs a key of its own");
            }
            officers.insert(c, officer);
            audit.append(c, new AuditEvent(by, "kms.recovery.officer.add", officer.officerId(), "domain=" + mailDomain
                    + " key-sha256=" + officer.keySha256() + " algorithm=" + key.getAlgorithm() + " name=" + officerName));
            return officer;
        });
    }

    /**
     * Removes officer {@code officerId}: its approvals, given or future, no longer count. Audited as
     * {@code kms.recovery.officer.remove}, with a warning when fewer active officers than the policy
     * requires remain.
     *
     * @return false when it was already removed (nothing changed, nothing audited)
     * @throws RecoveryRefusedException ({@code UNKNOWN_OFFICER}) when there is no such officer
     */
    public boolean remove(String officerId, String actor) {
        String id = RecoveryText.id(officerId, "an officer id");
        String by = RecoveryText.line(actor, "the actor", MAX_ACTOR);
        return db.inTransaction(c -> {
            RecoveryOfficer officer = officers.find(c, id).orElseThrow(() -> new RecoveryRefusedException(
                    RecoveryRefusedException.Reason.UNKNOWN_OFFICER, "there is no recovery officer " + id));
            Instant now = now();
            Optional<Integer> required = officers.lockDomain(c, officer.domain(), now, by);
            if (!officers.markRemoved(c, id, now, by)) {
                return false;
            }
            int left = active(officers.officers(c, officer.domain())).size();
            String warning = required.isPresent() && left < required.get()
                    ? " warning=fewer active officers than the " + required.get() + " approvals required: recovery is impossible until officers are added"
                    : "";
            audit.append(c, new AuditEvent(by, "kms.recovery.officer.remove", id, "domain=" + officer.domain() + " key-sha256="
                    + officer.keySha256() + " name=" + officer.name() + " active-officers=" + left + warning));
            return true;
        });
    }

    /**
     * Makes recovery available for {@code domain}, with {@code requiredApprovals} officer approvals
     * per request, or changes that number; audited as {@code kms.recovery.policy.set}. A higher number
     * also applies to requests already open; a lower one does not lower theirs.
     *
     * @throws IllegalArgumentException  when the number is below 2 (one officer alone must never recover a key)
     * @throws RecoveryRefusedException ({@code TOO_FEW_OFFICERS}) when the domain has fewer active officers
     */
    public RecoveryPolicy setPolicy(String domain, int requiredApprovals, String actor) {
        String mailDomain = RecoveryText.domain(domain);
        String by = RecoveryText.line(actor, "the actor", MAX_ACTOR);
        Instant now = now();
        RecoveryPolicy policy = new RecoveryPolicy(mailDomain, requiredApprovals, now, by);
        return db.inTransaction(c -> {
            Optional<Integer> previous = officers.lockDomain(c, mailDomain, now, by);
            int active = active(officers.officers(c, mailDomain)).size();
            if (active < requiredApprovals) {
                throw new RecoveryRefusedException(RecoveryRefusedException.Reason.TOO_FEW_OFFICERS, mailDomain + " has " + active
                        + " active recovery officers; a policy cannot require " + requiredApprovals + " approvals");
            }
            officers.setRequiredApprovals(c, mailDomain, Optional.of(requiredApprovals), now, by);
            audit.append(c, new AuditEvent(by, "kms.recovery.policy.set", mailDomain, "required=" + requiredApprovals
                    + " previous=" + previous.map(String::valueOf).orElse("none") + " active-officers=" + active));
            return policy;
        });
    }

    /**
     * Makes recovery unavailable for {@code domain}: no request can be opened or released until a
     * policy is set again. Audited as {@code kms.recovery.policy.disable}.
     *
     * @return false when recovery was not available anyway (nothing changed, nothing audited)
     */
    public boolean disable(String domain, String actor) {
        String mailDomain = RecoveryText.domain(domain);
        String by = RecoveryText.line(actor, "the actor", MAX_ACTOR);
        return db.inTransaction(c -> {
            Instant now = now();
            Optional<Integer> previous = officers.lockDomain(c, mailDomain, now, by);
            if (previous.isEmpty()) {
                return false;
            }
            officers.setRequiredApprovals(c, mailDomain, Optional.empty(), now, by);
            audit.append(c, new AuditEvent(by, "kms.recovery.policy.disable", mailDomain, "previous=" + previous.get()));
            return true;
        });
    }

    /** {@code domain}'s recovery policy; empty when recovery is not available for it. */
    public Optional<RecoveryPolicy> policy(String domain) {
        String mailDomain = RecoveryText.domain(domain);
        return db.inTransaction(c -> officers.policy(c, mailDomain));
    }

    /** Every officer of {@code domain}, active and removed, oldest first. */
    public List<RecoveryOfficer> officers(String domain) {
        String mailDomain = RecoveryText.domain(domain);
        return db.inTransaction(c -> officers.officers(c, mailDomain));
    }

    private static List<RecoveryOfficer> active(List<RecoveryOfficer> all) {
        return all.stream().filter(RecoveryOfficer::active).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
