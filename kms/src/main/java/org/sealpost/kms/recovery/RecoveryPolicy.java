package org.sealpost.kms.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * The recovery policy of a mail domain: how many of its recovery officers must approve a
 * legal-hold recovery. A domain without one has no recovery.
 *
 * @param domain            the mail domain, look-up form (lower-case A-label)
 * @param requiredApprovals m, at least 2: no single officer can recover a key
 * @param updatedAt         when it was last set
 * @param updatedBy         who set it
 */
public record RecoveryPolicy(String domain, int requiredApprovals, Instant updatedAt, String updatedBy) {
    /** The fewest approvals a policy may require. */
    public static final int MIN_APPROVALS = 2;
    /** The most approvals a policy may require (the column is a SMALLINT, and no organisation has more officers). */
    public static final int MAX_APPROVALS = 255;

    public RecoveryPolicy {
        Objects.requireNonNull(domain, "domain");
        if (requiredApprovals < MIN_APPROVALS || requiredApprovals > MAX_APPROVALS) {
            throw new IllegalArgumentException("a recovery needs " + MIN_APPROVALS + " to " + MAX_APPROVALS
                    + " officer approvals (one officer alone must never recover a key), got " + requiredApprovals);
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }
}
