package org.sealpost.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.VaultsUnavailableException;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * Provisional keys for addresses nobody has enrolled yet. The key service makes the key (no
 * certificate: mailbox control is unproven), the directory hands out its public half and
 * SubjectKeyIdentifier, and every later asker gets the same key until it is claimed (the owner's
 * encryption certificate is published, {@link Directory#publishIssued}) or expires unclaimed.
 *
 * <p>Two nodes asked at once for the same address both reach the key service; it keeps one current key
 * per address, so the loser finds the winner's key and offers that. Creation is rate-limited per
 * sender, so nobody can have keys made for a list of addresses. Thread-safe.
 */
public final class ProvisionalKeys {
    /** How many expired entries one clean-up run handles at most; the next run takes the rest. */
    static final int CLEANUP_BATCH = 500;

    private final Database db;
    private final KeyService keys;
    private final KeySpec spec;
    private final Duration lifetime;
    private final RateLimiter perSender;
    private final Clock clock;
    private final DirectoryStore store = new DirectoryStore();

    /**
     * @param lifetime  how long an unclaimed provisional key is offered
     * @param perSender limits how many keys one sender may have made
     */
    public ProvisionalKeys(Database db, KeyService keys, KeySpec spec, Duration lifetime, RateLimiter perSender, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("the provisional key lifetime must be positive, got " + lifetime);
        }
        this.perSender = Objects.requireNonNull(perSender, "perSender");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The provisional key of {@code address}, made now if the address has neither a certificate nor one.
     *
     * @param sender who asks (an authenticated device's address), for the constructor's rate limit and the record
     * @throws IllegalArgumentException when {@code address} is not a mail address
     * @throws VaultsUnavailableException when the key must be made and a vault cannot be reached
     */
    public ProvisionalOutcome obtain(String address, String sender) {
        return obtain(address, sender, perSender);
    }

    /**
     * As {@link #obtain(String, String)}, with the creation limit of this kind of sender: senders of
     * different kinds (devices, business API keys) are allowed different numbers of keys.
     *
     * @param sender    who asks, for the rate limit (its bucket in {@code creations}) and the record
     * @param creations limits how many keys one such sender may have made
     * @throws IllegalArgumentException when {@code address} is not a mail address
     * @throws VaultsUnavailableException when the key must be made and a vault cannot be reached
     */
    public ProvisionalOutcome obtain(String address, String sender, RateLimiter creations) {
        DirectoryAddress parsed = DirectoryAddress.parse(address);
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(creations, "creations");
        Instant now = clock.instant();
        record Seen(List<PublishedCertificate> certificates, Optional<ProvisionalKey> provisional) {
        }
        Seen seen = db.inTransaction(c -> new Seen(store.current(c, parsed.key(), now), store.provisional(c, parsed.key())));
        if (!seen.certificates().isEmpty()) {
            return new ProvisionalOutcome.HasCertificates(new DirectoryAnswer(parsed, seen.certificates(), Optional.empty()));
        }
        if (seen.provisional().isPresent()) {
            ProvisionalKey existing = seen.provisional().get();
            if (existing.expiresAt().isAfter(now)) {
                return new ProvisionalOutcome.Offered(existing, false);
            }
            expire(existing);
        }
        Optional<Duration> wait = creations.tryTake(sender, 1);
        if (wait.isPresent()) {
            return new ProvisionalOutcome.RateLimited(wait.get());
        }
        KeyRecord record;
        boolean made;
        try {
            record = keys.create(parsed.written(), spec, KeyStatus.PROVISIONAL);
            made = true;
        } catch (VaultsUnavailableException e) {
            throw e;
        } catch (KeyServiceException e) {
            // Most likely the address has a current key already: another node's provisional key, or the owner's own.
            record = keys.currentKey(parsed.key()).orElseThrow(() -> e);
            if (record.status() != KeyStatus.PROVISIONAL) {
                return new ProvisionalOutcome.Enrolled(parsed);
            }
            made = false;
        }
        ProvisionalKey key = new ProvisionalKey(parsed.key(), record.keyId(), record.publicKey(),
                HexFormat.of().formatHex(SubjectKeyIds.of(record.decodePublicKey())), now, now.plus(lifetime));
        try {
            db.inTransaction(c -> {
                store.insertProvisional(c, key, sender);
                return null;
            });
            return new ProvisionalOutcome.Offered(key, made);
        } catch (StorageException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // Another node recorded it first; offer what it recorded (the same key, as the key service keeps
            // one). The node whose key it is still reports it as made, so a race answers "created" once.
            boolean ours = made;
            return db.inTransaction(c -> store.provisional(c, parsed.key()))
                    .<ProvisionalOutcome>map(p -> new ProvisionalOutcome.Offered(p, ours && p.keyId().equals(key.keyId())))
                    .orElseThrow(() -> e);
        }
    }

    /**
     * Expires provisional keys nobody claimed in time: the key service retires them (no new mail is
     * encrypted to them, the mail already sent stays readable for an owner who enrols later) and the
     * directory stops offering them. Run it on a schedule; returns how many were expired.
     */
    public int expireUnclaimed() {
        List<ProvisionalKey> expired = db.inTransaction(c -> store.expiredProvisional(c, clock.instant(), CLEANUP_BATCH));
        for (ProvisionalKey key : expired) {
            expire(key);
        }
        return expired.size();
    }

    private void expire(ProvisionalKey key) {
        keys.expireProvisional(key.keyId(), Directory.ACTOR);
        db.inTransaction(c -> store.deleteProvisional(c, key.address(), key.keyId()));
    }
}
