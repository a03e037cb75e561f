package org.sealpost.tsa;

import org.bouncycastle.tsp.TimeStampRequest;

/** The outcome of checking a time-stamp query against the policy: grant it, or reject it and why. */
sealed interface QueryCheck {

    /** A well-formed query the TSA will stamp. */
    record Accepted(TimeStampRequest request, ImprintAlgorithm algorithm) implements QueryCheck {
    }

    /**
     * A query to refuse.
     *
     * @param failInfo a {@link org.bouncycastle.asn1.cmp.PKIFailureInfo} bit
     * @param reason   text for the client's statusString; never contains request bytes
     */
    record Rejected(int failInfo, String reason) implements QueryCheck {
    }
}
