package org.sealpost.kms.recovery;

import java.util.List;
import java.util.Objects;

/**
 * Where a recovery request stands now.
 *
 * @param request           the request as stored
 * @param stage             its stage at the time asked
 * @param requiredApprovals approvals a release needs now: the request's m, or the domain's current m if higher
 * @param approvedBy        the officers whose approvals count now: signature valid over this request,
 *                          officer still registered (not removed); one per officer key
 * @param decisions         every decision recorded for it, including ones that no longer count
 */
public record RecoveryStatus(RecoveryRequest request, Stage stage, int requiredApprovals, List<String> approvedBy,
                             List<RecoveryDecision> decisions) {
    public RecoveryStatus {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(stage, "stage");
        approvedBy = List.copyOf(approvedBy);
        decisions = List.copyOf(decisions);
    }

    /** The stage of a request, derived from its stored state, its approvals and the clock. */
    public enum Stage {
        /** Waiting for approvals. */
        OPEN,
        /** Enough valid approvals and not expired: {@code release} will hand out the keys. */
        APPROVED,
        /** Open but past its expiry: can be neither approved nor released. */
        EXPIRED,
        /** Released once; never again. */
        RELEASED,
        /** Withdrawn. */
        CANCELLED,
        /** Vetoed by an officer. */
        DENIED
    }
}
