package org.sealpost.storage.audit;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * The append-only, hash-chained audit log (tables {@code audit_log} and {@code audit_chain_head},
 * migration V1).
 *
 * <p>Appending locks the single chain-head row ({@code SELECT ... FOR UPDATE}), so appends from
 * any number of threads and processes, on H2 or PostgreSQL, form one chain without gaps: each
 * waits for the previous one to commit or roll back. An append that joins a caller's transaction
 * ({@link #append(Connection, AuditEvent)}) holds that lock until the caller commits, so it should
 * come late in the transaction. Inside a transaction, always use that method: {@link #append(AuditEvent)}
 * takes a second connection and would wait for the lock the caller's own transaction may hold.
 *
 * <p>Stand-alone appends ({@link #append(AuditEvent)}) of concurrent callers in one process are
 * committed in groups: the callers that arrive while one batch is written are written together
 * in the next transaction, under one lock of the chain head (see {@link GroupCommit}). Each
 * caller still returns only once its own record has committed.
 *
 * <p>Thread-safe.
 */
public final class AuditLog {
    // Column sizes of V1__audit_log.sql, checked here so that callers get a clear message.
    private static final int MAX_ACTOR = 200;
    private static final int MAX_ACTION = 100;
    private static final int MAX_SUBJECT = 1000;
    private static final int MAX_DETAILS = 1_000_000;
    private static final String COLUMNS = "seq, recorded_at, actor, action, subject, details, prev_hash, hash";
    // Enough to absorb every caller of a busy server in one commit; bounds a transaction's size.
    private static final int MAX_BATCH = 128;

    private final Database db;
    private final Clock clock;
    private final GroupCommit groupCommit;

    /** An audit log in {@code db}, timestamping records with {@code clock}. */
    public AuditLog(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.groupCommit = new GroupCommit(this::writeBatch, MAX_BATCH);
    }

    /**
     * Appends {@code event} in a transaction of its own (shared with concurrent callers' events)
     * and returns the stored record once that transaction has committed.
     *
     * @throws StorageException when the database fails; the record was not written, nor were the
     *                          other records of its batch
     */
    public AuditRecord append(AuditEvent event) {
        checkSizes(event);
        return groupCommit.append(event);
    }

    /** The number of stand-alone appends waiting to be taken into a batch (for tests). */
    int queuedAppends() {
        return groupCommit.queued();
    }

    /**
     * Appends {@code event} inside the caller's transaction, so that it commits or rolls back with
     * the caller's other changes (an issuance and its audit record are stored together or not at all).
     *
     * @param c a connection with auto-commit off; the caller commits
     * @throws IllegalStateException when {@code c} is in auto-commit mode, which would release the
     *                               chain lock before the record is written
     * @throws StorageException      when the database fails
     */
    public AuditRecord append(Connection c, AuditEvent event) {
        checkSizes(event);
        try {
            if (c.getAutoCommit()) {
                throw new IllegalStateException("AuditLog.append(Connection, AuditEvent) needs a transaction: turn auto-commit off");
            }
            return insert(c, lockHead(c), List.of(event)).getFirst();
        } catch (SQLException e) {
            throw new StorageException("cannot append to the audit log: " + reason(e), e);
        }
    }

    /** One group-commit batch: the events drained once the chain head is locked, in one transaction. */
    private List<AuditRecord> writeBatch(Supplier<List<AuditEvent>> drain) {
        return db.inTransaction(c -> {
            try {
                ChainHead head = lockHead(c);
                return insert(c, head, drain.get());
            } catch (SQLException e) {
                throw new StorageException("cannot append to the audit log: " + reason(e), e);
            }
        });
    }

    /** The database's own reason: PostgreSQL wraps it in a batch message that repeats the whole statement. */
    private static String reason(SQLException e) {
        SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        return cause.getMessage();
    }

    /** Inserts {@code events} as the records after {@code head}, in order, and moves the head; the head must be locked. */
    private List<AuditRecord> insert(Connection c, ChainHead head, List<AuditEvent> events) throws SQLException {
        List<AuditRecord> records = new ArrayList<>(events.size());
        long seq = head.seq();
        String prev = head.hash();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent event : events) {
                seq++;
                // Both databases store microseconds; truncating first makes the hashed time the stored time.
                Instant time = clock.instant().truncatedTo(ChronoUnit.MICROS);
                String hash = ChainHash.of(seq, time, event, prev);
                insert.setLong(1, seq);
                insert.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
                insert.setString(3, event.actor());
                insert.setString(4, event.action());
                insert.setString(5, event.subject());
                insert.setString(6, event.details());
                insert.setString(7, prev);
                insert.setString(8, hash);
                insert.addBatch();
                records.add(new AuditRecord(seq, time, event.actor(), event.action(), event.subject(), event.details(), prev, hash));
                prev = hash;
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
            update.setLong(1, seq);
            update.setString(2, prev);
            update.executeUpdate();
        }
        return records;
    }

    private static ChainHead lockHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StorageException("the audit chain head row is missing (table audit_chain_head)");
            }
            return new ChainHead(rs.getLong(1), rs.getString(2));
        }
    }

    private static ChainHead readHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new ChainHead(rs.getLong(1), rs.getString(2)) : null;
        }
    }

    /**
     * Checks the whole chain, oldest record first, and reports the first broken link: a record
     * whose content no longer matches its hash (edited), a missing sequence number (deleted), a
     * previous-hash that does not match the record before (reordered or relinked), or a chain head
     * that disagrees with the last record (records deleted from the end, or added behind the
     * appender's back). Records appended while the check runs are not checked.
     */
    public AuditVerification verify() {
        return db.inTransaction(c -> {
            ChainHead head = readHead(c);
            if (head == null) {
                return new AuditVerification.Broken(1, "the audit chain head row is missing (table audit_chain_head)");
            }
            AuditVerification walked = walk(c, head);
            if (walked != null) {
                return walked;
            }
            // Read the highest record before the head again: a legitimately appended record commits
            // together with its head, so a record above the head seen now was not appended by us.
            long max = maxSeq(c);
            ChainHead now = readHead(c);
            if (now != null && max > now.seq()) {
                return new AuditVerification.Broken(now.seq() + 1,
                        "record " + (now.seq() + 1) + " is not covered by the chain head (head at record " + now.seq() + ")");
            }
            return new AuditVerification.Intact(head.seq(), head.hash());
        });
    }

    /** Walks records 1..head.seq; null when they form the chain the head describes. */
    private static AuditVerification walk(Connection c, ChainHead head) throws SQLException {
        long expected = 1;
        String prevHash = ChainHash.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq <= ? ORDER BY seq")) {
            // A cursor instead of the whole log in memory (PostgreSQL needs auto-commit off for it).
            ps.setFetchSize(500);
            ps.setLong(1, head.seq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditRecord r = read(rs);
                    if (r.seq() != expected) {
                        return new AuditVerification.Broken(expected, "record " + expected + " is missing (next is record " + r.seq() + ")");
                    }
                    if (!r.prevHash().equals(prevHash)) {
                        return new AuditVerification.Broken(r.seq(), "record " + r.seq() + " does not link to record " + (r.seq() - 1)
                                + " (previous hash " + r.prevHash() + ", expected " + prevHash + ")");
                    }
                    if (!ChainHash.of(r).equals(r.hash())) {
                        return new AuditVerification.Broken(r.seq(), "record " + r.seq() + " does not match its hash (content altered)");
                    }
                    prevHash = r.hash();
                    expected++;
                }
            }
        }
        long last = expected - 1;
        if (last < head.seq()) {
            return new AuditVerification.Broken(expected, "record " + expected + " is missing (the chain head is at record " + head.seq() + ")");
        }
        if (!prevHash.equals(head.hash())) {
            return new AuditVerification.Broken(Math.max(last, 1), "the chain head hash does not match record " + last);
        }
        return null;
    }

    private static long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM audit_log");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The last {@code n} records, oldest first. */
    public List<AuditRecord> tail(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        if (n == 0) {
            return List.of();
        }
        return db.inTransaction(c -> {
            List<AuditRecord> records = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT ?")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(read(rs));
                    }
                }
            }
            Collections.reverse(records);
            return List.copyOf(records);
        });
    }

    private static AuditRecord read(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static void checkSizes(AuditEvent e) {
        checkSize("actor", e.actor(), MAX_ACTOR);
        checkSize("action", e.action(), MAX_ACTION);
        checkSize("subject", e.subject(), MAX_SUBJECT);
        checkSize("details", e.details(), MAX_DETAILS);
    }

    private static void checkSize(String name, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException("audit event " + name + " is longer than " + max + " characters");
        }
    }

    /** The chain-head row: the last record's number and hash. */
    private record ChainHead(long seq, String hash) {
    }
}
