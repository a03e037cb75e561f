package org.sealpost.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.testing.TestDatabase;

/** The hash-chained audit log on H2 and PostgreSQL: appends, verification, tampering, concurrency. */
class AuditLogTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";

    private static AuditEvent event(int i) {
        return new AuditEvent("operator", "certificate.issue", "serial " + i, "{\"n\":" + i + ",\"note\":\"ünïcødé\"}");
    }

    private static AuditLog withRecords(Database db, int n) {
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        for (int i = 1; i <= n; i++) {
            log.append(event(i));
        }
        return log;
    }

    private static void sql(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void appendsChainEachRecordToThePreviousOne(TestDatabase testDb) {
        Database db = testDb.open();
        Instant now = Instant.parse("2026-12-01T09:30:00.123456789Z");
        AuditLog log = new AuditLog(db, Clock.fixed(now, ZoneOffset.UTC));

        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(0, ChainHash.GENESIS));
        AuditRecord first = log.append(event(1));
        AuditRecord second = log.append(new AuditEvent("ca", "crl.publish", null, null));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(ChainHash.GENESIS);
        assertThat(first.time()).isEqualTo(Instant.parse("2026-12-01T09:30:00.123456Z"));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.subject()).isEmpty();
        assertThat(second.hash()).matches("[0-9a-f]{64}").isEqualTo(ChainHash.of(second));

        // What was stored is what was returned, byte for byte (time precision, Unicode, CHAR padding).
        assertThat(log.tail(10)).containsExactly(first, second);
        assertThat(log.tail(1)).containsExactly(second);
        assertThat(log.tail(0)).isEmpty();
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(2, second.hash()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anEditedRecordBreaksTheChainAtThatRecord(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 6);
        sql(db, "UPDATE audit_log SET details = 'nothing to see' WHERE seq = 3");
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(3);
            assertThat(b.reason()).contains("does not match its hash");
        });
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aDeletedMiddleRecordIsReportedAsMissing(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 6);
        sql(db, "DELETE FROM audit_log WHERE seq = 4");
        assertThat(log.verify()).isEqualTo(new AuditVerification.Broken(4, "record 4 is missing (next is record 5)"));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void deletedLastRecordsAreCaughtByTheChainHead(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 6);
        sql(db, "DELETE FROM audit_log WHERE seq >= 5");
        assertThat(log.verify()).isEqualTo(new AuditVerification.Broken(5, "record 5 is missing (the chain head is at record 6)"));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aChangedPreviousHashBreaksTheLink(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 6);
        sql(db, "UPDATE audit_log SET prev_hash = '" + "ab".repeat(32) + "' WHERE seq = 5");
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(5);
            assertThat(b.reason()).startsWith("record 5 does not link to record 4");
        });
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void reorderedRecordsBreakTheChainAtTheFirstMovedOne(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 6);
        // Swap records 2 and 3 through a free number.
        sql(db, "UPDATE audit_log SET seq = 100 WHERE seq = 2");
        sql(db, "UPDATE audit_log SET seq = 2 WHERE seq = 3");
        sql(db, "UPDATE audit_log SET seq = 3 WHERE seq = 100");
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.seq()).isEqualTo(2));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aRecordSlippedInBehindTheAppenderIsCaught(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 3);
        AuditRecord last = log.tail(1).get(0);
        // A well-formed record 4 linked to record 3, but inserted without the chain head.
        sql(db, "INSERT INTO audit_log (seq, recorded_at, actor, action, subject, details, prev_hash, hash) "
                + "SELECT 4, recorded_at, actor, action, subject, details, hash, hash FROM audit_log WHERE seq = 3");
        assertThat(last.seq()).isEqualTo(3);
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(4);
            assertThat(b.reason()).contains("not covered by the chain head");
        });
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void eightThreadsAppendingKeepOneUnbrokenChain(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        int threads = 8;
        int perThread = 25;
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.append(new AuditEvent("thread-" + thread, "test.append", "record " + i, ""));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        AuditVerification result = log.verify();
        assertThat(result).isInstanceOf(AuditVerification.Intact.class);
        assertThat(((AuditVerification.Intact) result).records()).isEqualTo(threads * perThread);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anAppendJoiningARolledBackTransactionLeavesNoRecord(TestDatabase testDb) {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 2);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            log.append(c, event(3));
            throw new IllegalStateException("issuance failed after the audit record was written");
        })).hasMessageContaining("issuance failed");
        assertThat(log.tail(10)).hasSize(2);
        // The chain continues from record 2 as if the attempt never happened.
        AuditRecord next = log.append(event(4));
        assertThat(next.seq()).isEqualTo(3);
        assertThat(log.verify().intact()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anAppendJoiningACommittedTransactionCommitsWithIt(TestDatabase testDb) {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        List<AuditRecord> written = db.inTransaction(c -> List.of(log.append(c, event(1)), log.append(c, event(2))));
        assertThat(log.tail(5)).isEqualTo(written);
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(2, written.get(1).hash()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void joiningRequiresATransaction(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        try (Connection c = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> log.append(c, event(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("auto-commit");
        }
        assertThat(log.tail(1)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void oversizedFieldsAreRefusedWithAClearMessage(TestDatabase testDb) {
        AuditLog log = new AuditLog(testDb.open(), Clock.systemUTC());
        assertThatThrownBy(() -> log.append(new AuditEvent("x".repeat(201), "a", "", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("audit event actor is longer than 200 characters");
        assertThatThrownBy(() -> new AuditEvent(" ", "a", "", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.verify().intact()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aMissingChainHeadIsReportedNotThrown(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = withRecords(db, 1);
        sql(db, "DELETE FROM audit_chain_head");
        assertThat(log.verify()).isInstanceOf(AuditVerification.Broken.class);
        assertThatThrownBy(() -> log.append(event(2))).isInstanceOf(StorageException.class).hasMessageContaining("chain head");
    }
}
