package org.sealpost.server.identity;

import static org.sealpost.server.identity.SqlTimes.instant;
import static org.sealpost.server.identity.SqlTimes.utc;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.validation.AccountKey;
import org.sealpost.validation.AnswerResult;
import org.sealpost.validation.ChallengeAnswer;
import org.sealpost.validation.ChallengeRequest;
import org.sealpost.validation.ChallengeService;
import org.sealpost.validation.IssueResult;
import org.sealpost.validation.KeyAuthorization;
import org.sealpost.validation.Refusal;
import org.sealpost.validation.Refused;

/**
 * Proof that an org admin controls a mail domain (table {@code identity_domain_validation}), by one of:
 * <ul>
 * <li><b>mail</b>: a challenge of the {@link ChallengeService} mailed to one of the RFC 2142 role
 * mailboxes (admin@, administrator@, postmaster@, hostmaster@, webmaster@). The admin gets the https
 * token part in the answer that starts it and sends it back with the token from the mail's subject.
 * The challenge's account key is made here per validation (the admin is authenticated by the admin
 * API; only the key's public half is kept, to bind the answer).</li>
 * <li><b>dns</b>: a random token the admin publishes as a TXT record at
 * {@code _sealpost-challenge.<domain>}, read through the configured resolver.</li>
 * </ul>
 * A success marks the organization's domain as validated. Audited: {@code identity.org.validation.start},
 * {@code identity.org.validated}, {@code identity.org.validation.failed}. Thread-safe.
 */
public final class DomainValidations {
    /** The mailboxes a domain-control mail may go to (as the CA/B Forum baseline requirements allow). */
    public static final Set<String> ROLE_MAILBOXES = Set.of("admin", "administrator", "postmaster", "hostmaster", "webmaster");
    /** The label in front of the domain where the DNS token is published. */
    public static final String DNS_LABEL = "_sealpost-challenge";
    /** How long a DNS validation can be finished (mail ones live as long as their challenge). */
    public static final Duration DNS_LIFETIME = Duration.ofDays(1);

    private final Database db;
    private final AuditLog audit;
    private final Optional<ChallengeService> challenges;
    private final DnsTxtLookup dns;
    private final Clock clock;
    private final SecureRandom random;
    private final RandomIds ids;

    /** @param challenges the mail challenges; empty where no SMTP relay is configured (mail validation then answers UNAVAILABLE) */
    public DomainValidations(Database db, AuditLog audit, Optional<ChallengeService> challenges, DnsTxtLookup dns,
            Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.ids = new RandomIds(random);
    }

    /**
     * Mails a challenge to {@code mailbox@domain}; the answer holds the https token part.
     *
     * @param mailbox one of {@link #ROLE_MAILBOXES}
     * @throws IdentityProblem FORBIDDEN unless the domain's org admin; INVALID for another mailbox;
     *                         CONFLICT before the organization's details are submitted or when rate-limited;
     *                         UNAVAILABLE when no relay is configured or it fails
     */
    public DomainValidation startMail(AdminAccount admin, String domain, String mailbox) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "prove control of it");
        if (mailbox == null || !ROLE_MAILBOXES.contains(mailbox.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw IdentityProblem.invalid("the challenge goes to one of " + String.join(", ", ROLE_MAILBOXES.stream().sorted().toList())
                    + " at the domain");
        }
        requireOrganization(form);
        ChallengeService service = challenges.orElseThrow(() -> new IdentityProblem(IdentityProblem.Kind.UNAVAILABLE,
                "no SMTP relay is configured: prove control of the domain by DNS instead"));
        String target = mailbox.strip().toLowerCase(java.util.Locale.ROOT) + "@" + form;
        PublicKey accountKey = newAccountKey();
        IssueResult result = service.issue(new ChallengeRequest(target, accountKey, admin.actor()));
        return switch (result) {
            case IssueResult.Issued issued -> {
                DomainValidation v = new DomainValidation(ids.next(), form, DomainValidation.MAIL, target,
                        Optional.of(issued.httpsPart()), "open", issued.expiresAt());
                db.inTransaction(c -> {
                    insert(c, v, admin, issued.challengeId(), accountKey.getEncoded(), null);
                    audit.append(c, new AuditEvent(admin.actor(), "identity.org.validation.start", form,
                            "validation=" + v.id() + " method=mail target=" + target + " challenge=" + issued.challengeId()));
                    return null;
                });
                yield v;
            }
            case IssueResult.MailFailed failed -> throw new IdentityProblem(IdentityProblem.Kind.UNAVAILABLE,
                    "the challenge mail could not be sent; try again later");
            case Refused refused -> throw refusal(refused.reason());
        };
    }

    /**
     * Finishes a mail validation with the token from the mail's subject and the https token part.
     *
     * @throws IdentityProblem FORBIDDEN; NOT_FOUND; INVALID for wrong tokens; CONFLICT when it is
     *                         finished, expired or exhausted
     */
    public DomainValidation answerMail(AdminAccount admin, String domain, String id, String mailToken, String httpsToken)
            throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "prove control of it");
        Stored v = open(form, id, DomainValidation.MAIL);
        if (!RandomIds.wellFormed(mailToken) || !RandomIds.wellFormed(httpsToken)) {
            throw IdentityProblem.invalid("mailToken and httpsToken are the 22-character tokens from the mail's subject"
                    + " and from the answer that started the validation");
        }
        PublicKey key = publicKey(v.accountKey());
        String answer = KeyAuthorization.answer(mailToken, httpsToken, AccountKey.of(key));
        AnswerResult result = challenges.orElseThrow(() -> new IdentityProblem(IdentityProblem.Kind.UNAVAILABLE,
                "no SMTP relay is configured")).answer(new ChallengeAnswer(v.challengeId(), v.validation().target(), key,
                answer, admin.actor()));
        return switch (result) {
            case AnswerResult.Validated validated -> validated(admin, v.validation(), "mail:" + v.validation().target());
            case Refused refused -> throw refusal(refused.reason());
        };
    }

    /**
     * Starts a DNS validation: the answer holds the TXT value to publish at {@code _sealpost-challenge.<domain>}.
     *
     * @throws IdentityProblem FORBIDDEN; CONFLICT before the organization's details are submitted
     */
    public DomainValidation startDns(AdminAccount admin, String domain) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "prove control of it");
        requireOrganization(form);
        String token = ids.next();
        Instant now = now();
        DomainValidation v = new DomainValidation(ids.next(), form, DomainValidation.DNS, DNS_LABEL + "." + form,
                Optional.of(token), "open", now.plus(DNS_LIFETIME));
        db.inTransaction(c -> {
            insert(c, v, admin, null, null, token);
            audit.append(c, new AuditEvent(admin.actor(), "identity.org.validation.start", form,
                    "validation=" + v.id() + " method=dns target=" + v.target()));
            return null;
        });
        return v;
    }

    /**
     * Looks for the TXT record now.
     *
     * @throws IdentityProblem FORBIDDEN; NOT_FOUND; CONFLICT when the record does not hold the token
     *                         (yet) or the validation expired; UNAVAILABLE when the resolver fails
     */
    public DomainValidation checkDns(AdminAccount admin, String domain, String id) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "prove control of it");
        Stored v = open(form, id, DomainValidation.DNS);
        List<String> values;
        try {
            values = dns.txt(v.validation().target());
        } catch (IOException e) {
            throw new IdentityProblem(IdentityProblem.Kind.UNAVAILABLE, "cannot read " + v.validation().target()
                    + " from DNS: " + e.getMessage());
        }
        if (!values.contains(v.expectedTxt())) {
            audit.append(new AuditEvent(admin.actor(), "identity.org.validation.failed", form, "validation=" + id
                    + " method=dns records=" + values.size()));
            throw IdentityProblem.conflict("no TXT record at " + v.validation().target() + " holds the token yet"
                    + " (found " + values.size() + " TXT record" + (values.size() == 1 ? "" : "s") + ")");
        }
        return validated(admin, v.validation(), "dns:" + v.validation().target());
    }

    private DomainValidation validated(AdminAccount admin, DomainValidation v, String how) {
        Instant now = now();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE identity_domain_validation SET status = 'validated'"
                    + " WHERE validation_id = ?")) {
                ps.setString(1, v.id());
                ps.executeUpdate();
            }
            Organizations.markValidated(c, v.domain(), how, now);
            audit.append(c, new AuditEvent(admin.actor(), "identity.org.validated", v.domain(), "validation=" + v.id()
                    + " how=" + how));
            return null;
        });
        return new DomainValidation(v.id(), v.domain(), v.method(), v.target(), Optional.empty(), "validated", v.expiresAt());
    }

    private void requireOrganization(String domain) throws IdentityProblem {
        if (db.inTransaction(c -> Organizations.find(c, domain, false)).isEmpty()) {
            throw IdentityProblem.conflict("submit the organization's details for " + domain + " first");
        }
    }

    /** An open, unexpired validation of this domain and method. */
    private Stored open(String domain, String id, String method) throws IdentityProblem {
        Optional<Stored> found = RandomIds.wellFormed(id) ? db.inTransaction(c -> find(c, id)) : Optional.empty();
        if (found.isEmpty() || !found.get().validation().domain().equals(domain)
                || !found.get().validation().method().equals(method)) {
            throw IdentityProblem.notFound("no " + method + " validation " + id + " for " + domain);
        }
        DomainValidation v = found.get().validation();
        if (!"open".equals(v.status())) {
            throw IdentityProblem.conflict("validation " + id + " is finished already");
        }
        if (!now().isBefore(v.expiresAt())) {
            throw IdentityProblem.conflict("validation " + id + " expired at " + v.expiresAt() + "; start a new one");
        }
        return found.get();
    }

    private void insert(Connection c, DomainValidation v, AdminAccount admin, String challengeId, byte[] accountKey,
            String expectedTxt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_domain_validation (validation_id, mail_domain,"
                + " method, target, challenge_id, account_key, expected_txt, status, started_by, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)")) {
            ps.setString(1, v.id());
            ps.setString(2, v.domain());
            ps.setString(3, v.method());
            ps.setString(4, v.target());
            ps.setString(5, challengeId);
            ps.setBytes(6, accountKey);
            ps.setString(7, expectedTxt);
            ps.setString(8, admin.actor());
            ps.setObject(9, utc(now()));
            ps.setObject(10, utc(v.expiresAt()));
            ps.executeUpdate();
        }
    }

    private static Optional<Stored> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT validation_id, mail_domain, method, target, challenge_id,"
                + " account_key, expected_txt, status, expires_at FROM identity_domain_validation WHERE validation_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(new DomainValidation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Optional.empty(), rs.getString(8), instant(rs, "expires_at")), rs.getString(5),
                        rs.getBytes(6), rs.getString(7)));
            }
        }
    }

    private PublicKey newAccountKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored account key cannot be read", e);
        }
    }

    private static IdentityProblem refusal(Refusal refusal) {
        return switch (refusal) {
            case Refusal.InvalidRequest invalid -> IdentityProblem.invalid(invalid.message());
            case Refusal.RateLimited limited -> IdentityProblem.conflict("too many challenges for this mailbox or account;"
                    + " try again after " + limited.retryAt());
            case Refusal.WrongAnswer wrong -> IdentityProblem.invalid("the tokens do not match the challenge; "
                    + wrong.remainingTries() + " tries left");
            case Refusal.Unknown unknown -> IdentityProblem.conflict("the challenge is not answerable; start a new validation");
            case Refusal.Expired expired -> IdentityProblem.conflict("the challenge expired; start a new validation");
            case Refusal.Used used -> IdentityProblem.conflict("the challenge was answered already");
            case Refusal.Exhausted exhausted -> IdentityProblem.conflict("too many wrong answers; start a new validation");
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A validation with what only this class needs. */
    private record Stored(DomainValidation validation, String challengeId, byte[] accountKey, String expectedTxt) {
    }
}
