package org.sealpost.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.sealpost.storage.Database;

/**
 * The scheduled re-check of published certificates for expiry. Look-ups never answer with an expired
 * certificate (they compare {@code not_after} with the time of the look-up); this removes the rows
 * once they are past a grace period, so the table holds what can still be answered.
 */
public final class ExpiredCertificates {
    /** Kept a little after expiry, so that a node whose clock runs behind does not see a row vanish early. */
    static final Duration GRACE = Duration.ofDays(1);

    private final Database db;
    private final Clock clock;
    private final DirectoryStore store = new DirectoryStore();

    public ExpiredCertificates(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Deletes certificates that expired more than {@link #GRACE} ago; how many. */
    public int removeExpired() {
        return db.inTransaction(c -> store.deleteExpired(c, clock.instant().minus(GRACE)));
    }
}
