package org.sealpost.server.enroll;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.Database;

/**
 * The device registry (table {@code device}, migration V51): which devices enrolled for which address,
 * under which signing certificate, and whether they were removed. Reads run in their own short
 * transactions; writes take the caller's connection, so that they commit with their audit record.
 * Stateless and thread-safe.
 */
public final class Devices {
    private static final String COLUMNS = "device_id, address, name, signing_serial, level, enrolled_at, revoked_at";

    private final Database db;

    public Devices(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The device whose signing certificate has this serial. */
    public Optional<DeviceRecord> find(BigInteger signingSerial) {
        return db.inTransaction(c -> first(c, "signing_serial = ?", signingSerial.toString(16)));
    }

    /** The device with this id. */
    public Optional<DeviceRecord> findById(String id) {
        return db.inTransaction(c -> first(c, "device_id = ?", id));
    }

    /** The devices of {@code address} (look-up form), removed ones included, oldest first. */
    public List<DeviceRecord> list(String address) {
        return db.inTransaction(c -> select(c, "address = ? ORDER BY enrolled_at, device_id", address));
    }

    /** Records a new device. */
    void insert(Connection c, DeviceRecord device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, device.id());
            ps.setString(2, device.address());
            ps.setString(3, device.name());
            ps.setString(4, device.signingSerialHex());
            ps.setString(5, device.level());
            ps.setObject(6, utc(device.enrolledAt()));
            ps.setObject(7, device.revokedAt().map(Devices::utc).orElse(null));
            ps.executeUpdate();
        }
    }

    /** Locks device {@code id}'s row for a change. */
    Optional<DeviceRecord> lock(Connection c, String id) throws SQLException {
        List<DeviceRecord> found = select(c, "device_id = ? FOR UPDATE", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Marks device {@code id} removed at {@code at} (its row locked by {@link #lock}). */
    void markRevoked(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE device SET revoked_at = ? WHERE device_id = ?")) {
            ps.setObject(1, utc(at));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Points device {@code id} (its row locked by {@link #lock}) at its renewed signing certificate. */
    void moveTo(Connection c, String id, BigInteger signingSerial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE device SET signing_serial = ? WHERE device_id = ?")) {
            ps.setString(1, signingSerial.toString(16));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static Optional<DeviceRecord> first(Connection c, String where, String value) throws SQLException {
        List<DeviceRecord> found = select(c, where, value);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<DeviceRecord> select(Connection c, String where, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE " + where)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                List<DeviceRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DeviceRecord(rs.getString(1), rs.getString(2), rs.getString(3), new BigInteger(rs.getString(4), 16),
                            rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(rs.getObject(7, OffsetDateTime.class)).map(OffsetDateTime::toInstant)));
                }
                return out;
            }
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
