package org.sealpost.kms;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.DestroyFailedException;
import java.util.stream.Collectors;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultUnavailableException;

/**
 * The key service: makes an address's encryption keys, splits each k-of-n across the vaults the
 * moment it exists, and releases an address's whole key history wrapped to a device's transport key.
 *
 * <p><b>Create is all or nothing.</b> A key row is first committed as {@link KeyStatus#PENDING}
 * (which never counts as a key), then share i is written to vault i, and only when every vault has
 * acknowledged its share does one transaction turn the row active (or provisional) together with its
 * audit record. Any failure deletes the shares already written and then the pending row (kept when a
 * vault cannot be reached, since its share may have arrived); a crash in between leaves only a
 * pending row. {@link #cleanUpPending(Duration)} removes such rows with their shares.
 *
 * <p><b>Release</b> reads k shares per key from whichever vaults answer, recombines them, proves the
 * result against the stored public key (Shamir itself cannot tell a wrong share from a right one),
 * wraps the history to the transport key and audits it. Private keys never leave in the clear.
 * Who may ask (device and owner authentication) is the caller's decision; this class records the
 * {@code actor} it is given.
 *
 * <p>Thread-safe: all state is in the database and the vaults.
 */
public final class KeyService {
    /** The audit actor of the service's own actions (create, rotate, clean-up). */
    public static final String ACTOR = "kms";

    private final Database db;
    private final AuditLog audit;
    private final KeyPool pool;
    private final VaultSet vaults;
    private final int threshold;
    private final KeyProtection protection;
    private final Clock clock;
    private final KeySplitter splitter;
    private final KeyIds keyIds;
    private final KeyRebuilder rebuilder;
    private final ReleasePackage packages;
    private final KeyRepository keys = new KeyRepository();

    /**
     * A key service splitting every new key {@code threshold}-of-{@code vaults.size()}.
     *
     * @param vaults    share i of every new key goes to vault i; every vault must be a different one
     * @param threshold k, the shares needed to rebuild a key: 2 ≤ k ≤ n
     * @throws IllegalArgumentException when k or n is out of range or a vault is listed twice
     */
    public KeyService(Database db, AuditLog audit, KeyPool pool, List<VaultClient> vaults, int threshold,
                      KeyProtection protection, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.protection = Objects.requireNonNull(protection, "protection");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(vaults, "vaults");
        if (vaults.size() < 2) {
            throw new IllegalArgumentException("the key service needs at least 2 vaults (one vault alone would hold whole keys), got " + vaults.size());
        }
        // Validates 2 <= k <= n <= 255 with a precise message.
        this.splitter = new KeySplitter(threshold, vaults.size(), random);
        this.threshold = threshold;
        this.vaults = new VaultSet(vaults);
        this.keyIds = new KeyIds(random);
        this.rebuilder = new KeyRebuilder(this.vaults, new KeyMaterialCheck(random), random);
        this.packages = new ReleasePackage(random);
    }

    /**
     * Makes a new key for {@code address} and stores its shares in every vault.
     *
     * @param finalStatus {@link KeyStatus#ACTIVE} (the owner's key) or {@link KeyStatus#PROVISIONAL}
     *                    (made for an address whose owner has not signed up)
     * @return the stored record, in {@code finalStatus}
     * @throws VaultsUnavailableException when a vault cannot be reached (naming it); no key exists afterwards
     * @throws KeyServiceException when a vault refuses its share (naming it), the address already
     *                             has a current key (use {@link #rotate}), or the database fails; no key
     *                             exists afterwards
     */
    public KeyRecord create(String address, KeySpec spec, KeyStatus finalStatus) {
        Objects.requireNonNull(finalStatus, "finalStatus");
        if (finalStatus != KeyStatus.ACTIVE && finalStatus != KeyStatus.PROVISIONAL) {
            throw new IllegalArgumentException("a new key is active or provisional, not " + finalStatus.dbValue());
        }
        return store(OwnerAddress.lookupForm(address), spec, finalStatus, false);
    }

    /**
     * Makes a new active key for {@code address} and retires its current key (active or provisional),
     * in one transaction. The retired key stays in the history and keeps being released. With no
     * current key this is {@link #create} with {@link KeyStatus#ACTIVE}.
     *
     * @throws KeyServiceException as {@link #create}, or when another change to the address's current
     *                             key won the race (nothing changed then)
     */
    public KeyRecord rotate(String address, KeySpec spec) {
        return store(OwnerAddress.lookupForm(address), spec, KeyStatus.ACTIVE, true);
    }

    /**
     * Makes {@code address}'s provisional key its active key, once the owner has proven the mailbox
     * (that proof is the caller's); audited as {@code kms.activate}.
     *
     * @param actor who confirmed the owner, for the audit trail
     * @throws KeyServiceException when the address's current key is not provisional
     */
    public KeyRecord activateProvisional(String address, String actor) {
        String owner = OwnerAddress.lookupForm(address);
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("activating a key needs the actor");
        }
        return db.inTransaction(c -> {
            KeyRecord current = keys.current(c, owner)
                    .orElseThrow(() -> new KeyServiceException(owner + " has no provisional key to activate"));
            if (current.status() != KeyStatus.PROVISIONAL
                    || !keys.changeStatus(c, current.keyId(), KeyStatus.PROVISIONAL, KeyStatus.ACTIVE)) {
                throw new KeyServiceException(owner + " has no provisional key to activate (current key " + current.keyId() + " is "
                        + current.status().dbValue() + ")");
            }
            audit.append(c, new AuditEvent(actor, "kms.activate", current.keyId(), "address=" + owner));
            return current.withStatus(KeyStatus.ACTIVE);
        });
    }

    /** The newest active or provisional key of {@code address}: the one new mail is encrypted to. */
    public Optional<KeyRecord> currentKey(String address) {
        String owner = OwnerAddress.lookupForm(address);
        return db.inTransaction(c -> keys.current(c, owner));
    }

    /**
     * Retires key {@code keyId} if it is still provisional: nobody claimed it in time, so no new mail
     * is encrypted to it. It stays in the address's history, so mail already encrypted to it is
     * released to the owner if they do enrol later. Audited as {@code kms.provisional.expire}.
     *
     * @return false (nothing changed) when the key is missing or no longer provisional (it was claimed)
     */
    public boolean expireProvisional(String keyId, String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("expiring a key needs the actor");
        }
        return db.inTransaction(c -> {
            Optional<KeyRecord> key = keys.find(c, keyId);
            if (key.isEmpty() || !keys.changeStatus(c, keyId, KeyStatus.PROVISIONAL, KeyStatus.RETIRED)) {
                return false;
            }
            audit.append(c, new AuditEvent(actor, "kms.provisional.expire", keyId, "address=" + key.get().address()));
            return true;
        });
    }

    private KeyRecord store(String owner, KeySpec spec, KeyStatus finalStatus, boolean rotation) {
        Objects.requireNonNull(spec, "spec");
        List<String> vaultIds;
        try {
            if (!rotation) {
                requireNoCurrentKey(owner, db.inTransaction(c -> keys.current(c, owner)));
            }
            vaultIds = vaults.allIds();
        } catch (KeyServiceException e) {
            auditCreateFailed(owner, spec, e.getMessage());
            throw e;
        }
        KeyPair pair = pool.take(spec);
        KeyRecord pending = new KeyRecord(keyIds.next(), owner, spec, pair.getPublic().getEncoded(), threshold, vaults.size(),
                vaultIds, KeyStatus.PENDING, clock.instant());
        // Committed, and in the file, before any share exists: whatever happens next, the row tells the clean-up where to look.
        try {
            db.inDurableTransaction(c -> {
                keys.insert(c, pending);
                return null;
            });
        } catch (RuntimeException e) {
            auditCreateFailed(owner, spec, "database: " + e.getMessage());
            throw new KeyServiceException("cannot create a key for " + owner + ": the key table cannot be written (" + e.getMessage() + ")", e);
        }
        List<Share> shares = splitter.split(pair.getPrivate());
        PrivateKeys.destroy(pair.getPrivate());
        try {
            for (int i = 0; i < shares.size(); i++) {
                writeShare(pending, i, shares.get(i));
            }
        } catch (KeyServiceException e) {
            abandon(pending, e.getMessage());
            throw e;
        } finally {
            shares.forEach(Share::wipe);
        }
        try {
            // Durable before the key is reported as created (H2 would otherwise keep the commit in memory for a while).
            return db.inDurableTransaction(c -> {
                keys.lockAddress(c, owner);
                Optional<KeyRecord> current = keys.current(c, owner);
                if (rotation && current.isPresent()) {
                    KeyRecord old = current.get();
                    // Compare-and-set: a concurrent rotation of the same key makes this one fail whole.
                    if (!keys.changeStatus(c, old.keyId(), old.status(), KeyStatus.RETIRED)) {
                        throw new KeyServiceException("the current key " + old.keyId() + " of " + owner + " changed meanwhile; try the rotation again");
                    }
                    audit.append(c, new AuditEvent(ACTOR, "kms.retire", old.keyId(), "address=" + owner + " replaced-by=" + pending.keyId()));
                } else if (!rotation) {
                    requireNoCurrentKey(owner, current);
                }
                if (!keys.changeStatus(c, pending.keyId(), KeyStatus.PENDING, finalStatus)) {
                    throw new KeyServiceException("the pending key " + pending.keyId() + " of " + owner + " was removed meanwhile (clean-up of partial writes)");
                }
                audit.append(c, new AuditEvent(ACTOR, "kms.create", pending.keyId(), "address=" + owner + " spec=" + spec.settingName()
                        + " k=" + threshold + " n=" + vaults.size() + " status=" + finalStatus.dbValue() + " vaults=" + String.join(",", vaultIds)));
                return pending.withStatus(finalStatus);
            });
        } catch (RuntimeException e) {
            abandon(pending, e.getMessage());
            throw e instanceof KeyServiceException kse ? kse
                    : new KeyServiceException("cannot activate key " + pending.keyId() + " of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static void requireNoCurrentKey(String owner, Optional<KeyRecord> current) {
        if (current.isPresent()) {
            throw new KeyServiceException(owner + " already has the " + current.get().status().dbValue() + " key " + current.get().keyId()
                    + "; rotate it to make a new one");
        }
    }

    private void writeShare(KeyRecord pending, int i, Share share) {
        VaultClient vault = vaults.client(i);
        byte[] bytes = share.bytes();
        try {
            vault.put(pending.keyId(), bytes);
        } catch (VaultUnavailableException e) {
            throw new VaultsUnavailableException("cannot create a key for " + pending.address() + ": vault " + vaults.name(i)
                    + " is unavailable (" + e.getMessage() + "); no key was created", List.of(vaults.name(i)), e);
        } catch (RuntimeException e) {
            // A share conflict (a key id collision, or a clean-up racing a retry) or a vault-side failure.
            throw new KeyServiceException("cannot create a key for " + pending.address() + ": vault " + vaults.name(i)
                    + " did not store its share (" + e.getMessage() + "); no key was created", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Undoes a failed create: deletes the shares from every vault of the record and, when every vault
     * confirmed, the pending row; audits {@code kms.create.failed}. When a vault cannot be reached its
     * share may have arrived (a timed-out write), so the pending row stays for {@link #cleanUpPending}.
     */
    private void abandon(KeyRecord pending, String reason) {
        List<String> unreachable = deleteShares(pending);
        try {
            db.inTransaction(c -> {
                String row;
                if (!unreachable.isEmpty()) {
                    row = "pending=kept-for-clean-up unreachable=" + String.join(",", unreachable);
                } else {
                    // Already gone when a clean-up overtook this create.
                    row = keys.deletePending(c, pending.keyId()) ? "pending=deleted" : "pending=already-removed";
                }
                audit.append(c, new AuditEvent(ACTOR, "kms.create.failed", pending.keyId(), "address=" + pending.address()
                        + " spec=" + pending.spec().settingName() + " reason=" + reason + " " + row));
                return null;
            });
        } catch (RuntimeException e) {
            // The database is failing too: the pending row stays, and never counts as a key.
        }
    }

    /** Audits a create that failed before any key id existed (subject: the address). */
    private void auditCreateFailed(String owner, KeySpec spec, String reason) {
        try {
            audit.append(new AuditEvent(ACTOR, "kms.create.failed", owner, "address=" + owner + " spec=" + spec.settingName()
                    + " reason=" + reason));
        } catch (RuntimeException e) {
            // The original failure is what the caller must see.
        }
    }

    /** Deletes key {@code key}'s share from each of its vaults; the ids of the vaults that could not be asked. */
    private List<String> deleteShares(KeyRecord key) {
        List<String> unreachable = new ArrayList<>();
        for (String vaultId : key.vaultIds()) {
            Optional<VaultClient> vault = vaults.byId(vaultId);
            if (vault.isEmpty()) {
                unreachable.add(vaultId);
                continue;
            }
            try {
                vault.get().delete(key.keyId());
            } catch (VaultUnavailableException | RuntimeException e) {
                unreachable.add(vaultId);
            }
        }
        return unreachable;
    }

    /**
     * Removes partial writes: every pending key older than {@code olderThan} whose shares could be
     * deleted from all its vaults is deleted, with a {@code kms.create.cleanup} audit record. A pending
     * key with an unreachable vault stays until a later run (its share there may exist).
     *
     * @param olderThan how old a pending key must be; longer than any create takes (minutes)
     * @return the number of pending keys removed
     */
    public int cleanUpPending(Duration olderThan) {
        Instant cutoff = clock.instant().minus(Objects.requireNonNull(olderThan, "olderThan"));
        List<KeyRecord> pending = db.inTransaction(c -> keys.pendingOlderThan(c, cutoff));
        int removed = 0;
        for (KeyRecord key : pending) {
            boolean deleted = db.inTransaction(c -> {
                // Held while the shares are deleted: a late create's activation waits and then fails.
                if (!keys.lockPending(c, key.keyId())) {
                    return false;
                }
                if (!deleteShares(key).isEmpty()) {
                    // A vault is down: its share may exist. Keep the row for a later run.
                    return false;
                }
                keys.deletePending(c, key.keyId());
                audit.append(c, new AuditEvent(ACTOR, "kms.create.cleanup", key.keyId(), "address=" + key.address()
                        + " created=" + key.createdAt()));
                return true;
            });
            if (deleted) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Releases every key of {@code address}'s history (active, provisional, retired; newest first)
     * wrapped to {@code transportKey} as a {@link ReleasePackage}.
     *
     * @param transportKey       the requesting device's transport public key (RSA ≥ 2048, EC P-256/P-384)
     * @param protectionPassword the owner's protection password, when the address has one
     * @param actor              who asks (device or account), for the audit trail
     * @return the DER of the CMS AuthEnvelopedData
     * @throws ReleaseRefusedException when the protection password is missing, wrong or locked
     * @throws VaultsUnavailableException when too few vaults can be reached to rebuild a key (try again later)
     * @throws NoKeysException        when the address has no keys
     * @throws KeyServiceException     when too few vaults have an intact share, or
     *                                 a rebuilt key fails its check (tampered or wrong share)
     * @throws ReleaseException        when the transport key is unsuitable (before the password is checked)
     */
    public byte[] release(String address, PublicKey transportKey, Optional<char[]> protectionPassword, String actor) {
        return releaseHistory(address, transportKey, protectionPassword, actor).envelope();
    }

    /**
     * {@link #release}, returning with the envelope what its audit record says (the key ids
     * released), for an API that tells the device what it got.
     */
    public ReleasedHistory releaseHistory(String address, PublicKey transportKey, Optional<char[]> protectionPassword, String actor) {
        String owner = OwnerAddress.lookupForm(address);
        Objects.requireNonNull(transportKey, "transportKey");
        Objects.requireNonNull(protectionPassword, "protectionPassword");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("a release needs the actor asking for it");
        }
        String transportId = transportKeyId(transportKey);
        try {
            // Before the password: an unusable transport key must not cost the owner a try.
            ReleasePackage.requireUsable(transportKey);
        } catch (ReleaseException e) {
            auditReleaseFailed(actor, owner, transportId, e.getMessage());
            throw e;
        }
        requirePassword(owner, protectionPassword, actor, transportId);
        try {
            ReleasedHistory released = rebuildAndWrap(owner, transportKey, transportId);
            // Audited before it is handed out: no audit record, no release.
            audit.append(new AuditEvent(actor, "kms.release", owner, released.auditDetails()));
            return released;
        } catch (KeyServiceException | ReleaseException e) {
            auditReleaseFailed(actor, owner, transportId, e.getMessage());
            throw e;
        }
    }

    /**
     * Rebuilds {@code address}'s whole history and wraps it to {@code transportKey} exactly as
     * {@link #release} does, but <b>without the protection password and without an audit record</b>:
     * for a release that another authority has decided and records itself (legal hold, see
     * {@code org.sealpost.kms.recovery}). The caller must audit the release, with
     * {@link ReleasedHistory#auditDetails()}, before the envelope leaves it, and audit a failure.
     *
     * @throws KeyServiceException when the address has no keys, too few vaults can give a share, or
     *                             a rebuilt key fails its check
     * @throws ReleaseException    when the transport key is unsuitable
     */
    public ReleasedHistory releaseUnaudited(String address, PublicKey transportKey) {
        Objects.requireNonNull(transportKey, "transportKey");
        return rebuildAndWrap(OwnerAddress.lookupForm(address), transportKey, transportKeyId(transportKey));
    }

    private ReleasedHistory rebuildAndWrap(String owner, PublicKey transportKey, String transportId) {
        List<KeyRecord> history = db.inTransaction(c -> keys.history(c, owner));
        List<ReleasedKey> released = new ArrayList<>(history.size());
        try {
            if (history.isEmpty()) {
                throw new NoKeysException(owner);
            }
            List<String> warnings = new ArrayList<>();
            List<KeyRebuilder.Rebuilt> rebuilt = rebuilder.rebuild(history);
            for (int i = 0; i < history.size(); i++) {
                released.add(new ReleasedKey(history.get(i).keyId(), rebuilt.get(i).key()));
                rebuilt.get(i).warning().ifPresent(warnings::add);
            }
            byte[] envelope = packages.wrap(released, transportKey);
            return new ReleasedHistory(envelope, owner, history.stream().map(KeyRecord::keyId).toList(), transportId, warnings);
        } finally {
            released.forEach(k -> PrivateKeys.destroy(k.key()));
        }
    }

    private void requirePassword(String owner, Optional<char[]> password, String actor, String transportId) {
        if (password.isPresent()) {
            // Every check is counted and audited by KeyProtection, also for an unprotected address.
            PasswordCheck check = protection.verify(owner, password.get());
            if (!check.allowsRelease()) {
                ReleaseRefusedException refused = ReleaseRefusedException.of(owner, check);
                auditReleaseFailed(actor, owner, transportId, refused.getMessage());
                throw refused;
            }
        } else if (protection.isProtected(owner)) {
            // No try is counted: the device did not ask its user, nobody guessed.
            ReleaseRefusedException refused = ReleaseRefusedException.passwordRequired(owner);
            auditReleaseFailed(actor, owner, transportId, refused.getMessage());
            throw refused;
        }
    }

    private void auditReleaseFailed(String actor, String owner, String transportId, String reason) {
        try {
            audit.append(new AuditEvent(actor, "kms.release.failed", owner, "transport=" + transportId + " reason=" + reason));
        } catch (RuntimeException e) {
            // The refusal is what the caller must see; the audit failure is the operator's.
        }
    }

    private static String transportKeyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(SubjectKeyIds.of(key));
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    @Override
    public String toString() {
        return "KeyService[" + threshold + "-of-" + vaults.size() + "]";
    }
}
