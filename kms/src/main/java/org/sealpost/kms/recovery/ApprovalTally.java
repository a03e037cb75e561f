package org.sealpost.kms.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts the approvals of a request that are valid now, checking each stored signature again:
 * an approval counts only when its officer belongs to the request's domain and is still registered,
 * and its signature verifies with that officer's key over the statement of the request as stored
 * (so a request or decision row altered in the database stops counting). Officers sharing one key
 * count once. Stateless.
 */
final class ApprovalTally {
    private ApprovalTally() {
    }

    /**
     * The status of {@code request} at {@code now}.
     *
     * @param officers the officers of the request's domain, active and removed
     * @param policy   the domain's current policy; empty when recovery is no longer available
     */
    static RecoveryStatus status(RecoveryRequest request, List<RecoveryDecision> decisions, List<RecoveryOfficer> officers,
                                 Optional<RecoveryPolicy> policy, Instant now) {
        int required = Math.max(request.requiredApprovals(), policy.map(RecoveryPolicy::requiredApprovals).orElse(0));
        List<String> counted = counted(request, decisions, officers);
        RecoveryStatus.Stage stage = switch (request.state()) {
            case RELEASED -> RecoveryStatus.Stage.RELEASED;
            case CANCELLED -> RecoveryStatus.Stage.CANCELLED;
            case DENIED -> RecoveryStatus.Stage.DENIED;
            case OPEN -> request.expiredAt(now) ? RecoveryStatus.Stage.EXPIRED
                    : policy.isPresent() && counted.size() >= required ? RecoveryStatus.Stage.APPROVED : RecoveryStatus.Stage.OPEN;
        };
        return new RecoveryStatus(request, stage, required, counted, decisions);
    }

    private static List<String> counted(RecoveryRequest request, List<RecoveryDecision> decisions, List<RecoveryOfficer> officers) {
        Map<String, RecoveryOfficer> byId = officers.stream().collect(Collectors.toMap(RecoveryOfficer::officerId, Function.identity()));
        byte[] statement = RecoveryStatement.encode(request, Decision.APPROVE);
        Set<String> keys = new HashSet<>();
        List<String> counted = new ArrayList<>();
        for (RecoveryDecision d : decisions) {
            RecoveryOfficer officer = byId.get(d.officerId());
            if (d.decision() == Decision.APPROVE && officer != null && officer.active() && officer.domain().equals(request.domain())
                    && RecoveryKeys.verifies(officer.decodePublicKey(), statement, d.signature()) && keys.add(officer.keySha256())) {
                counted.add(officer.officerId());
            }
        }
        return counted;
    }
}
