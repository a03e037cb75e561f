package org.sealpost.kms.recovery;

import java.util.Objects;
import org.sealpost.kms.KeyServiceException;

/**
 * A legal-hold recovery step was refused: no policy, too few officers or approvals, an unknown,
 * closed or expired request, an unknown or removed officer, a second decision, or a signature that
 * does not verify. Every refusal is audited. The message names ids, addresses and domains only.
 */
public final class RecoveryRefusedException extends KeyServiceException {
    private static final long serialVersionUID = 1L;

    /** Why a step was refused. */
    public enum Reason {
        /** The domain has no recovery policy: recovery is not available for it. */
        NO_POLICY,
        /** The domain has fewer active officers than its policy requires approvals. */
        TOO_FEW_OFFICERS,
        /** The address has no keys to recover. */
        NO_KEYS,
        /** No request with that id. */
        UNKNOWN_REQUEST,
        /** The request was already released, cancelled or denied. */
        NOT_OPEN,
        /** The request is past its expiry. */
        EXPIRED,
        /** No officer with that id, or not an officer of the request's domain. */
        UNKNOWN_OFFICER,
        /** The officer was removed. */
        OFFICER_REMOVED,
        /** The officer has already decided on this request. */
        ALREADY_DECIDED,
        /** The signature does not verify with the officer's key over the request's statement. */
        BAD_SIGNATURE,
        /** Fewer valid approvals than the policy requires. */
        TOO_FEW_APPROVALS,
        /** An officer with the same key is already registered for the domain. */
        DUPLICATE_OFFICER_KEY
    }

    private final Reason reason;

    /** A refusal for {@code reason}, explained by {@code message}. */
    public RecoveryRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why it was refused. */
    public Reason reason() {
        return reason;
    }
}
