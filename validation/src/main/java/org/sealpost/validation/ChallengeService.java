package org.sealpost.validation;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.validation.IssueResult.Issued;
import org.sealpost.validation.IssueResult.MailFailed;
import org.sealpost.validation.Refusal.RateLimited;
import org.sealpost.validation.StoredChallenge.Status;

/**
 * Mailbox-control validation (docs/VALIDATION.md): {@link #issue} mails one token part to the
 * address and returns the other, {@link #answer} checks the device's digest over both parts and its
 * account key.
 *
 * <p>A challenge is stored as {@code pending} (counted by the rate limits, not answerable) before
 * its mail goes out, and becomes {@code open} only once the relay took the mail; when the relay
 * fails, the row is deleted. No database lock is held while talking to the relay. Answers lock the
 * challenge row, so concurrent answers are judged one after another: one success at most, and
 * wrong answers counted exactly.
 *
 * <p>Every outcome is audited (actions {@code validation.challenge.issue} and
 * {@code validation.challenge.answer}, details {@code result=<code>} and ids, never a token part);
 * state changes and their records commit together. Thread-safe and stateless apart from the database.
 */
public final class ChallengeService {
    static final String ACTOR = "validation";
    static final String ISSUE = "validation.challenge.issue";
    static final String ANSWER = "validation.challenge.answer";
    /** The longest client identifier; printable ASCII without spaces (an IP address, {@code api:<name>}). */
    static final int MAX_CLIENT_ID = 200;
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1," + MAX_CLIENT_ID + "}");
    private static final Pattern CHALLENGE_ID = Pattern.compile("[A-Za-z0-9_-]{" + RandomTokens.LENGTH + "}");

    private final Database db;
    private final AuditLog audit;
    private final ChallengeMailer mailer;
    private final ValidationSettings settings;
    private final Clock clock;
    private final RandomTokens tokens;
    private final ChallengeStore store = new ChallengeStore();
    private final RateLimiter limiter;

    /** Challenges stored in {@code db}, audited to {@code audit}, mailed by {@code mailer}. */
    public ChallengeService(Database db, AuditLog audit, ChallengeMailer mailer, ValidationSettings settings, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new RandomTokens(random);
        this.limiter = new RateLimiter(settings, db.dialect());
    }

    /**
     * Issues a challenge: checks the request and the rate limits, mails the mail part to the address
     * and returns the https part. Never throws for bad input; a database failure is a
     * {@link org.sealpost.storage.StorageException}.
     */
    public IssueResult issue(ChallengeRequest request) {
        Objects.requireNonNull(request, "request");
        return switch (check(ISSUE, request.address(), request.clientId(), request.accountKey())) {
            case Unusable(Refused refused) -> refused;
            case Usable(String address, String clientId, AccountKey key) -> issue(address, clientId, key);
        };
    }

    private IssueResult issue(String address, String clientId, AccountKey key) {
        Instant now = now();
        String id = tokens.next();
        String mailPart = tokens.next();
        String httpsPart = tokens.next();
        Instant expiresAt = now.plus(settings.challengeLifetime());
        StoredChallenge pending = new StoredChallenge(id, address, clientId, key.thumbprint(),
                KeyAuthorization.verifier(mailPart, httpsPart, key), Status.PENDING, 0, now, expiresAt);
        String ids = "challenge=" + id + " client=" + clientId + " key=" + key.thumbprint();

        Optional<RateLimited> limited = db.inTransaction(c -> {
            Optional<RateLimited> limit = limiter.check(c, address, clientId, now);
            if (limit.isPresent()) {
                appendAudit(c, ISSUE, address, "result=rate-limited scope=" + limit.get().scope().name().toLowerCase(Locale.ROOT)
                        + " retry-at=" + limit.get().retryAt() + " client=" + clientId + " key=" + key.thumbprint());
            } else {
                store.insert(c, pending);
            }
            return limit;
        });
        if (limited.isPresent()) {
            return new Refused(limited.get());
        }
        try {
            mailer.send(address, id, mailPart);
        } catch (ChallengeMailException e) {
            db.inTransaction(c -> {
                store.delete(c, id);
                appendAudit(c, ISSUE, address, "result=mail-failed " + ids + " reason=" + e.getMessage());
                return null;
            });
            return new MailFailed(e.getMessage());
        }
        db.inTransaction(c -> {
            store.update(c, id, Status.OPEN, 0);
            appendAudit(c, ISSUE, address, "result=issued " + ids + " expires=" + expiresAt);
            return null;
        });
        return new Issued(id, address, httpsPart, expiresAt);
    }

    /**
     * Judges an answer. Right answers consume the challenge; wrong ones count towards
     * {@link ValidationSettings#maxWrongAnswers()}. An answer for another address or account key than
     * the challenge's is a wrong answer. Never throws for bad input.
     */
    public AnswerResult answer(ChallengeAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        return switch (check(ANSWER, answer.address(), answer.clientId(), answer.accountKey())) {
            case Unusable(Refused refused) -> refused;
            case Usable(String address, String clientId, AccountKey key) -> answer(answer.challengeId(), address, clientId, key, answer.answer());
        };
    }

    private AnswerResult answer(String id, String address, String clientId, AccountKey key, String answer) {
        String who = " client=" + clientId + " key=" + key.thumbprint();
        if (id == null || !CHALLENGE_ID.matcher(id).matches()) {
            return db.inTransaction(c -> refuse(c, address, new Refusal.Unknown(), "challenge=(malformed)" + who));
        }
        Optional<byte[]> submitted = KeyAuthorization.verifierOf(answer);
        return db.inTransaction(c -> {
            Instant now = now();
            Optional<StoredChallenge> row = store.lock(c, id);
            String ids = "challenge=" + id + who;
            if (row.isEmpty() || row.get().status() == Status.PENDING) {
                return refuse(c, address, new Refusal.Unknown(), ids);
            }
            StoredChallenge ch = row.get();
            if (ch.status() == Status.VALIDATED) {
                return refuse(c, ch.address(), new Refusal.Used(), ids);
            }
            if (ch.status() == Status.EXHAUSTED) {
                return refuse(c, ch.address(), new Refusal.Exhausted(), ids);
            }
            if (!now.isBefore(ch.expiresAt())) {
                return refuse(c, ch.address(), new Refusal.Expired(), ids);
            }
            // Non-short-circuit &: the digest comparison runs whatever the other two say.
            boolean right = ch.address().equals(address) & ch.keyThumbprint().equals(key.thumbprint())
                    & submitted.map(v -> MessageDigest.isEqual(v, ch.verifier())).orElse(false);
            if (right) {
                store.update(c, id, Status.VALIDATED, ch.wrongAnswers());
                appendAudit(c, ANSWER, ch.address(), "result=validated " + ids);
                return new AnswerResult.Validated(ch.address(), ch.keyThumbprint(), id);
            }
            int wrong = ch.wrongAnswers() + 1;
            int remaining = Math.max(0, settings.maxWrongAnswers() - wrong);
            store.update(c, id, remaining == 0 ? Status.EXHAUSTED : Status.OPEN, wrong);
            return refuse(c, ch.address(), new Refusal.WrongAnswer(remaining), ids + " remaining=" + remaining);
        });
    }

    /**
     * The address and account key of challenge {@code challengeId}, once its mail went out (whatever
     * its state since: {@link #answer} judges that). Empty for an unknown, malformed or pending id.
     * Reveals nothing secret: the thumbprint is of a public key, and ids are 128-bit random values.
     */
    public Optional<ChallengeSubject> subjectOf(String challengeId) {
        if (challengeId == null || !CHALLENGE_ID.matcher(challengeId).matches()) {
            return Optional.empty();
        }
        return db.inTransaction(c -> store.lock(c, challengeId))
                .filter(ch -> ch.status() != Status.PENDING)
                .map(ch -> new ChallengeSubject(ch.address(), ch.keyThumbprint()));
    }

    /**
     * Deletes the challenges that have expired and left both rate-limit windows, so the table does
     * not grow without end; run it now and then (hourly is plenty). Returns how many were deleted.
     */
    public int purge() {
        Instant cutoff = now().minus(settings.retention());
        return db.inTransaction(c -> store.purge(c, cutoff));
    }

    private Refused refuse(Connection c, String subject, Refusal reason, String details) {
        appendAudit(c, ANSWER, subject, "result=" + reason.code() + " " + details);
        return new Refused(reason);
    }

    /** The fields both requests share, checked in this order; the first unusable one is refused and audited. */
    private Fields check(String action, String rawAddress, String clientId, PublicKey accountKey) {
        String address;
        try {
            address = MailboxSyntax.lookupForm(rawAddress);
        } catch (IllegalArgumentException e) {
            return invalid(action, "", "address", e.getMessage());
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return invalid(action, address, "clientId",
                    "the client identifier must be 1 to " + MAX_CLIENT_ID + " printable ASCII characters without spaces");
        }
        try {
            return new Usable(address, clientId, AccountKey.of(accountKey));
        } catch (IllegalArgumentException e) {
            return invalid(action, address, "accountKey", e.getMessage());
        }
    }

    private Unusable invalid(String action, String subject, String field, String message) {
        audit.append(new AuditEvent(ACTOR, action, subject, "result=invalid-request field=" + field));
        return new Unusable(new Refused(new Refusal.InvalidRequest(field, message)));
    }

    private void appendAudit(Connection c, String action, String subject, String details) {
        audit.append(c, new AuditEvent(ACTOR, action, subject, details));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A request's address, client id and account key: usable, or refused. */
    private sealed interface Fields permits Usable, Unusable {
    }

    /** @param address in look-up form */
    private record Usable(String address, String clientId, AccountKey key) implements Fields {
    }

    private record Unusable(Refused refused) implements Fields {
    }
}
