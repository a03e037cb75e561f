package org.sealpost.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.testing.TestDatabase;

/**
 * Group commit of stand-alone appends, on H2 and PostgreSQL: many concurrent appenders form one
 * intact chain, each caller returns only once its record is committed, callers queued behind a
 * held chain head are written as one batch, and a failing batch fails every caller in it and
 * writes nothing.
 */
// A hang guard only: the waits below end on conditions, never on time.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupCommitTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String POISON = "test.poison";

    @ParameterizedTest
    @MethodSource(BOTH)
    void manyThreadsAppendingFormOneChainAndEachRecordIsCommittedWhenAppendReturns(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        int threads = 16;
        int perThread = 40;
        List<Future<List<AuditRecord>>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<AuditRecord> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        AuditRecord r = log.append(new AuditEvent("thread-" + thread, "test.append", "record " + i, "n=" + i));
                        // Read on another connection: only a committed record is visible there.
                        assertThat(storedHash(db, r.seq())).isEqualTo(r.hash());
                        mine.add(r);
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<AuditRecord> all = new ArrayList<>();
            for (Future<List<AuditRecord>> f : futures) {
                List<AuditRecord> mine = f.get();
                // One caller's records keep the order in which it appended them.
                assertThat(mine).extracting(AuditRecord::seq).isSorted();
                assertThat(mine).extracting(AuditRecord::subject)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> "record " + i).toList());
                all.addAll(mine);
            }
            assertThat(all).extracting(AuditRecord::seq).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
            // What each caller was given is what is stored.
            assertThat(log.tail(threads * perThread)).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Intact.class,
                i -> assertThat(i.records()).isEqualTo(threads * perThread));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void callersQueuedBehindAHeldChainHeadAreWrittenTogether(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        AuditRecord before = log.append(new AuditEvent("test", "test.append", "before", ""));
        List<CompletableFuture<AuditRecord>> appends;
        try (Connection holder = holdChainHead(db)) {
            appends = startAppends(log, List.of("test.append", "test.append", "test.append", "test.append"));
            awaitQueued(log, 4);
            // Nothing can have been written while the head is held.
            assertThat(log.tail(10)).containsExactly(before);
            holder.commit();
        }
        List<AuditRecord> written = new ArrayList<>();
        for (CompletableFuture<AuditRecord> a : appends) {
            written.add(a.get());
        }
        assertThat(written).extracting(AuditRecord::seq).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
        assertThat(log.tail(10)).containsExactlyInAnyOrderElementsOf(concat(before, written));
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Intact.class, i -> assertThat(i.records()).isEqualTo(5));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aFailingBatchFailsEveryCallerInItAndWritesNothing(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        AuditRecord before = log.append(new AuditEvent("test", "test.append", "before", ""));
        // A record the database refuses: the batch holding it cannot commit.
        sql(db, "ALTER TABLE audit_log ADD CONSTRAINT no_poison CHECK (action <> '" + POISON + "')");
        List<CompletableFuture<AuditRecord>> appends;
        try (Connection holder = holdChainHead(db)) {
            appends = startAppends(log, List.of("test.append", POISON, "test.append"));
            awaitQueued(log, 3);
            holder.commit();
        }
        for (CompletableFuture<AuditRecord> a : appends) {
            assertThatThrownBy(a::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot append to the audit log")
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("no_poison"))
                    .hasMessageContaining("the whole batch of 3 audit records was not written");
        }
        assertThat(log.tail(10)).containsExactly(before);
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(1, before.hash()));
        // The chain goes on from the last committed record.
        AuditRecord next = log.append(new AuditEvent("test", "test.append", "after", ""));
        assertThat(next.seq()).isEqualTo(2);
        assertThat(next.prevHash()).isEqualTo(before.hash());
        assertThat(log.verify().intact()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anInterruptedCallerStillWaitsForItsRecordAndKeepsTheInterrupt(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        List<Appender> appenders = List.of(new Appender(log, "first"), new Appender(log, "second"));
        Appender waiting;
        try (Connection holder = holdChainHead(db)) {
            appenders.forEach(a -> a.thread.start());
            // One of the two writes (and waits for the held head); the other waits for that batch.
            waiting = awaitWaitingForABatch(appenders);
            waiting.thread.interrupt();
            // Still waiting: its record cannot have been written while the head is held.
            assertThat(waiting.result).isNotDone();
            holder.commit();
        }
        for (Appender a : appenders) {
            a.thread.join();
        }
        AuditRecord written = waiting.result.get();
        assertThat(waiting.keptInterrupt).isTrue();
        assertThat(storedHash(db, written.seq())).isEqualTo(written.hash());
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Intact.class, i -> assertThat(i.records()).isEqualTo(2));
    }

    /** A thread that appends one event and records the outcome and whether it ended interrupted. */
    private static final class Appender {
        final CompletableFuture<AuditRecord> result = new CompletableFuture<>();
        final AtomicBoolean keptInterrupt = new AtomicBoolean();
        final Thread thread;

        Appender(AuditLog log, String subject) {
            thread = Thread.ofPlatform().unstarted(() -> {
                try {
                    result.complete(log.append(new AuditEvent("test", "test.append", subject, "")));
                    keptInterrupt.set(Thread.currentThread().isInterrupted());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        }
    }

    /** The first of {@code appenders} found parked until another caller's batch is written. */
    private static Appender awaitWaitingForABatch(List<Appender> appenders) {
        while (true) {
            for (Appender a : appenders) {
                if (LockSupport.getBlocker(a.thread) instanceof GroupCommit) {
                    return a;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** A transaction that holds the chain-head row lock until the caller commits it. */
    private static Connection holdChainHead(Database db) throws SQLException {
        Connection c = db.dataSource().getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
            assertThat(rs.next()).isTrue();
        }
        return c;
    }

    /** One appending thread per action, started in order; each appends one event. */
    private static List<CompletableFuture<AuditRecord>> startAppends(AuditLog log, List<String> actions) {
        List<CompletableFuture<AuditRecord>> results = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            AuditEvent event = new AuditEvent("test", actions.get(i), "queued " + i, "");
            results.add(CompletableFuture.supplyAsync(() -> log.append(event), r -> Thread.ofPlatform().start(r)));
        }
        return results;
    }

    /**
     * Waits until {@code n} callers are queued. The writer takes its batch only after it has locked
     * the chain head, so while the test holds the head every caller stays queued.
     */
    private static void awaitQueued(AuditLog log, int n) {
        while (log.queuedAppends() < n) {
            Thread.onSpinWait();
        }
        assertThat(log.queuedAppends()).isEqualTo(n);
    }

    private static String storedHash(Database db, long seq) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void sql(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<AuditRecord> concat(AuditRecord first, List<AuditRecord> rest) {
        List<AuditRecord> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
