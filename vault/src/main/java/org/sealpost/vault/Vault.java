package org.sealpost.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * The share store of one vault: shares by key id, each sealed with AES-256-GCM under the vault's
 * {@link Kek}, with the canonical encoding of (vault id, key id) as associated data. A share is never
 * overwritten: putting the same bytes again is a no-op, different bytes are a {@link ShareConflictException}.
 *
 * <p>Thread-safe. The database holds only ciphertext; a row altered, moved to another key id, or
 * copied into another vault's database fails authentication with a {@link VaultException}.
 */
public final class Vault {
    /** The largest share accepted (a Shamir share of an RSA-4096 key is a few KB). */
    public static final int MAX_SHARE_BYTES = 64 * 1024;
    private static final byte[] AAD_LABEL = "sealpost-vault-share-v1".getBytes(StandardCharsets.US_ASCII);

    private final String vaultId;
    private final Database db;
    private final Kek kek;
    private final Clock clock;

    public Vault(String vaultId, Database db, Kek kek, Clock clock) {
        this.vaultId = Objects.requireNonNull(vaultId, "vaultId");
        this.db = Objects.requireNonNull(db, "db");
        this.kek = Objects.requireNonNull(kek, "kek");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (vaultId.isEmpty() || vaultId.length() > 64) {
            throw new IllegalArgumentException("a vault id has 1 to 64 characters");
        }
    }

    /** This vault's id (a UUID made by {@code vault init}). */
    public String vaultId() {
        return vaultId;
    }

    /**
     * Stores {@code share} under {@code keyId}.
     *
     * @return true when stored now, false when the identical share was already stored
     * @throws ShareConflictException   when a different share is stored under {@code keyId}
     * @throws IllegalArgumentException when the key id is invalid or the share empty or over {@link #MAX_SHARE_BYTES}
     * @throws VaultException           when the stored share fails authentication
     */
    public boolean put(String keyId, byte[] share) {
        KeyIds.require(keyId);
        Objects.requireNonNull(share, "share");
        if (share.length == 0 || share.length > MAX_SHARE_BYTES) {
            throw new IllegalArgumentException("a share has 1 to " + MAX_SHARE_BYTES + " bytes, not " + share.length);
        }
        if (sameAsStored(keyId, share)) {
            return false;
        }
        byte[] sealed = kek.seal(share, aad(vaultId, keyId));
        try {
            // Durable before it is acknowledged: the key service activates the key on this answer.
            db.inDurableTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO vault_share (key_id, kek_type, sealed, created_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, keyId);
                    ps.setString(2, kek.type());
                    ps.setBytes(3, sealed);
                    ps.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                return null;
            });
            return true;
        } catch (StorageException e) {
            if (e.isUniqueViolation() && sameAsStored(keyId, share)) {
                // A concurrent put of the same share won the race.
                return false;
            }
            if (e.isUniqueViolation()) {
                throw new ShareConflictException(keyId);
            }
            throw e;
        }
    }

    /** Whether {@code share} is what is stored under {@code keyId}; false when nothing is stored. */
    private boolean sameAsStored(String keyId, byte[] share) {
        Optional<byte[]> stored = get(keyId);
        if (stored.isEmpty()) {
            return false;
        }
        byte[] existing = stored.get();
        try {
            if (!MessageDigest.isEqual(existing, share)) {
                throw new ShareConflictException(keyId);
            }
            return true;
        } finally {
            Arrays.fill(existing, (byte) 0);
        }
    }

    /**
     * The share stored under {@code keyId}, decrypted; the caller should overwrite it when done.
     *
     * @throws VaultException when the stored share fails authentication (altered, moved, or another vault's)
     */
    public Optional<byte[]> get(String keyId) {
        KeyIds.require(keyId);
        byte[] sealed = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM vault_share WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (sealed == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(kek.open(sealed, aad(vaultId, keyId)));
        } catch (AEADBadTagException e) {
            throw new VaultException(integrityFailure(keyId), e);
        }
    }

    /**
     * The shares stored under {@code keyIds}, read with one query and decrypted. A share that fails
     * authentication is reported for its key in {@link ShareBatch#failures()} and does not stop the
     * others; a key id with nothing stored is absent. The caller should {@link ShareBatch#wipe()} the result.
     *
     * @throws IllegalArgumentException when a key id is invalid or there are more than {@link KeyIds#MAX_BATCH}
     */
    public ShareBatch getAll(Collection<String> keyIds) {
        Set<String> ids = KeyIds.requireBatch(keyIds);
        if (ids.isEmpty()) {
            return ShareBatch.empty();
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Map<String, byte[]> sealed = db.inTransaction(c -> {
            Map<String, byte[]> rows = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, sealed FROM vault_share WHERE key_id IN (" + placeholders + ")")) {
                int i = 1;
                for (String id : ids) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
            return rows;
        });
        Map<String, byte[]> shares = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        try {
            for (Map.Entry<String, byte[]> row : sealed.entrySet()) {
                try {
                    shares.put(row.getKey(), kek.open(row.getValue(), aad(vaultId, row.getKey())));
                } catch (AEADBadTagException e) {
                    failures.put(row.getKey(), integrityFailure(row.getKey()));
                }
            }
        } catch (RuntimeException e) {
            // A KEK failure (e.g. the token went away): no half-read batch with live shares is left behind.
            shares.values().forEach(share -> Arrays.fill(share, (byte) 0));
            throw e;
        }
        return new ShareBatch(shares, failures);
    }

    private static String integrityFailure(String keyId) {
        return "share for key " + keyId + " failed authentication: tampered or wrong vault";
    }

    /** Deletes the share stored under {@code keyId}; true when there was one. */
    public boolean delete(String keyId) {
        KeyIds.require(keyId);
        // Durable before it is acknowledged: the key service deletes the key's row on this answer.
        return db.inDurableTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_share WHERE key_id = ?")) {
                ps.setString(1, keyId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The key ids with a stored share, in order. */
    public List<String> keyIds() {
        return db.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM vault_share ORDER BY key_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /**
     * The associated data of a share: a label, then the vault id and the key id, each as a 4-byte
     * big-endian length and its UTF-8 bytes, so that no two (vault, key) pairs encode alike.
     */
    static byte[] aad(String vaultId, String keyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {AAD_LABEL, vaultId.getBytes(StandardCharsets.UTF_8),
                keyId.getBytes(StandardCharsets.UTF_8)}) {
            int n = field.length;
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Vault[" + vaultId + ", " + kek.type() + " KEK, " + db + "]";
    }

}
