package org.sealpost.kms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of table {@code kms_key} (migration V30). Every method works on the caller's connection,
 * so that key rows, status changes and audit records commit together.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyRepository {
    private static final String COLUMNS = "key_id, address, spec, public_key, threshold, share_count, vault_ids, status, created_at";
    private static final String KEY_STATUSES = "('active', 'retired', 'provisional')";

    /** Inserts {@code key}. */
    public void insert(Connection c, KeyRecord key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.keyId());
            ps.setString(2, key.address());
            ps.setString(3, key.spec().settingName());
            ps.setBytes(4, key.publicKey());
            ps.setInt(5, key.threshold());
            ps.setInt(6, key.shareCount());
            ps.setString(7, String.join(",", key.vaultIds()));
            ps.setString(8, key.status().dbValue());
            ps.setObject(9, utc(key.createdAt()));
            ps.executeUpdate();
        }
    }

    /** The key {@code keyId}, whatever its status. */
    public Optional<KeyRecord> find(Connection c, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kms_key WHERE key_id = ?")) {
            ps.setString(1, keyId);
            List<KeyRecord> found = read(ps);
            return found.stream().findFirst();
        }
    }

    /**
     * The keys of {@code address} (any spelling; normalized to look-up form), newest first: active,
     * provisional and retired keys, never pending ones. This is what a release hands out.
     */
    public List<KeyRecord> history(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kms_key WHERE address = ? AND status IN "
                + KEY_STATUSES + " ORDER BY created_at DESC, key_id DESC")) {
            ps.setString(1, OwnerAddress.lookupForm(address));
            return read(ps);
        }
    }

    /** The newest active or provisional key of {@code address}: the one new mail is encrypted to. */
    public Optional<KeyRecord> current(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kms_key WHERE address = ? AND status IN ('active', 'provisional')"
                + " ORDER BY created_at DESC, key_id DESC")) {
            ps.setString(1, OwnerAddress.lookupForm(address));
            return read(ps).stream().findFirst();
        }
    }

    /**
     * Pending keys created before {@code cutoff}, oldest first: partial writes that
     * {@link KeyService#cleanUpPending} removes from the vaults and then from here.
     */
    public List<KeyRecord> pendingOlderThan(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kms_key WHERE status = 'pending' AND created_at < ?"
                + " ORDER BY created_at, key_id")) {
            ps.setObject(1, utc(cutoff));
            return read(ps);
        }
    }

    /**
     * Moves key {@code keyId} from status {@code from} to {@code to}; false (and nothing changed) when
     * the key is missing or not in {@code from}, so that two concurrent transitions cannot both win.
     */
    public boolean changeStatus(Connection c, String keyId, KeyStatus from, KeyStatus to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kms_key SET status = ? WHERE key_id = ? AND status = ?")) {
            ps.setString(1, to.dbValue());
            ps.setString(2, keyId);
            ps.setString(3, from.dbValue());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Locks key {@code keyId}'s row until the caller's transaction ends, if it is still pending; true
     * when locked. The clean-up holds this lock while it deletes the key's shares, so that a create
     * finishing late cannot activate a key whose shares are being deleted (its status change waits,
     * then finds the row gone).
     */
    public boolean lockPending(Connection c, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM kms_key WHERE key_id = ? AND status = 'pending' FOR UPDATE")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Locks every key row of an address (in key id order, so two lockers cannot deadlock): the
     * activation of a new key holds it, so two creations for one address cannot both see "no current
     * key" and both activate. The pending row of each creator already exists, so both meet here.
     */
    public void lockAddress(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT key_id FROM kms_key WHERE address = ? ORDER BY key_id FOR UPDATE")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Reading the rows takes their locks.
                }
            }
        }
    }

    /** Deletes key {@code keyId} if it is still pending (clean-up of a partial write); true when deleted. */
    public boolean deletePending(Connection c, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_key WHERE key_id = ? AND status = 'pending'")) {
            ps.setString(1, keyId);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<KeyRecord> read(PreparedStatement ps) throws SQLException {
        List<KeyRecord> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new KeyRecord(rs.getString(1), rs.getString(2), KeySpec.fromSettingName(rs.getString(3)), rs.getBytes(4),
                        rs.getInt(5), rs.getInt(6), Arrays.asList(rs.getString(7).split(",")), KeyStatus.fromDbValue(rs.getString(8)),
                        rs.getObject(9, OffsetDateTime.class).toInstant()));
            }
        }
        return List.copyOf(result);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
