package org.sealpost.storage.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.sealpost.storage.StorageException;

/**
 * Group commit of stand-alone audit appends: callers that arrive while a batch is being written
 * queue up, and the next batch writes all of them in one transaction, under one chain-head lock
 * and with one commit.
 *
 * <p>Without it every append takes the chain-head row lock on its own, so concurrent appenders
 * form a convoy: a lock holder that the operating system deschedules on a busy machine stalls
 * every other one, and each waits for all those ahead of it in turn.
 *
 * <p>Leader and followers, no thread of its own: a caller whose event is still queued and who finds
 * no batch in progress becomes the writer, writes batches until its own event is in one, then
 * wakes the next queued caller to take over. Every other caller waits until the batch holding its
 * event has committed or failed. A failed batch wrote nothing (one transaction) and its failure is
 * reported to every caller in it.
 *
 * <p>Thread-safe.
 */
final class GroupCommit {
    /** Writes one batch in one transaction and returns the stored records in the order of the events. */
    @FunctionalInterface
    interface BatchWriter {
        /**
         * @param drain called once, after the chain head is locked, for the events of this batch
         *              (so that callers arriving while the lock is awaited join the batch)
         */
        List<AuditRecord> write(Supplier<List<AuditEvent>> drain);
    }

    private final BatchWriter writer;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * @param maxBatch the most events in one transaction; bounds what one commit holds in memory
     */
    GroupCommit(BatchWriter writer, int maxBatch) {
        this.writer = Objects.requireNonNull(writer, "writer");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    /**
     * Appends {@code event} and returns once the transaction holding it has committed.
     *
     * <p>An interrupt does not cut the wait short: the event may already be in a batch being
     * written, and the caller must not go on without knowing whether it was. The interrupt status
     * is kept for the caller.
     *
     * @throws StorageException when the batch holding the event failed; nothing of that batch was written
     */
    AuditRecord append(AuditEvent event) {
        Pending mine = new Pending(event, Thread.currentThread());
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.isDone()) {
            if (writing.compareAndSet(false, true)) {
                try {
                    while (!mine.isDone()) {
                        writeBatch(mine);
                    }
                } finally {
                    writing.set(false);
                }
                handOff();
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome();
    }

    /** The callers whose events are queued and not yet taken into a batch. */
    int queued() {
        return queue.size();
    }

    private void writeBatch(Pending mine) {
        List<Pending> batch = new ArrayList<>();
        try {
            List<AuditRecord> records = writer.write(() -> {
                Pending p;
                while (batch.size() < maxBatch && (p = queue.poll()) != null) {
                    batch.add(p);
                }
                return batch.stream().map(Pending::event).toList();
            });
            if (records.size() != batch.size()) {
                throw new IllegalStateException("the audit batch writer returned " + records.size() + " records for " + batch.size() + " events");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(records.get(i));
            }
        } catch (RuntimeException | Error e) {
            if (batch.isEmpty()) {
                // Failed before taking any event (e.g. the chain head could not be locked): only this caller tried.
                queue.remove(mine);
                mine.fail(e, 1);
            } else {
                for (Pending p : batch) {
                    p.fail(e, batch.size());
                }
            }
        }
    }

    /** Wakes the first queued caller, if any, to write the next batch. */
    private void handOff() {
        Pending next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter());
        }
    }

    /** One caller's event and, once its batch is done, the stored record or the batch's failure. */
    private static final class Pending {
        private final AuditEvent event;
        private final Thread waiter;
        private volatile AuditRecord record;
        private volatile Throwable failure;
        private volatile int batchSize;

        Pending(AuditEvent event, Thread waiter) {
            this.event = event;
            this.waiter = waiter;
        }

        AuditEvent event() {
            return event;
        }

        Thread waiter() {
            return waiter;
        }

        boolean isDone() {
            return record != null || failure != null;
        }

        void succeed(AuditRecord r) {
            record = r;
            LockSupport.unpark(waiter);
        }

        void fail(Throwable e, int size) {
            batchSize = size;
            failure = e;
            LockSupport.unpark(waiter);
        }

        /** The record, or the batch's failure thrown with this caller's own stack trace. */
        AuditRecord outcome() {
            Throwable e = failure;
            if (e == null) {
                return record;
            }
            if (e instanceof Error error) {
                throw error;
            }
            String reason = e instanceof StorageException ? e.getMessage() : "cannot append to the audit log: " + e.getMessage();
            throw new StorageException(batchSize == 1 ? reason
                    : reason + " (the whole batch of " + batchSize + " audit records was not written)", e);
        }
    }
}
