package org.sealpost.kms.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * An officer's signed decision on a request, as stored. The signature is kept so that every
 * release checks it again against the officer's registered key and the request as stored.
 *
 * @param requestId the request
 * @param officerId the officer
 * @param decision  approve or deny
 * @param signature over {@link RecoveryStatement#encode} of the request and this decision (copied in and out)
 * @param decidedAt when it was recorded
 */
public record RecoveryDecision(String requestId, String officerId, Decision decision, byte[] signature, Instant decidedAt) {
    public RecoveryDecision {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(decision, "decision");
        signature = signature.clone();
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** The signature bytes (a copy). */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryDecision d && requestId.equals(d.requestId) && officerId.equals(d.officerId) && decision == d.decision
                && java.util.Arrays.equals(signature, d.signature) && decidedAt.equals(d.decidedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, officerId);
    }

    @Override
    public String toString() {
        return "RecoveryDecision[" + requestId + ", " + officerId + ", " + decision.word() + ", " + decidedAt + "]";
    }
}
