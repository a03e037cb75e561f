package org.sealpost.kms.recovery;

import java.util.Locale;

/**
 * The stored state of a recovery request. Whether an open request is approved or expired is not
 * stored: it depends on the officers' valid approvals and the clock at the moment it is asked
 * (see {@link RecoveryStatus.Stage}).
 */
public enum RequestState {
    /** Waiting for approvals (or expired, which nothing needs to record). */
    OPEN,
    /** The keys were released once; a request is single-use. */
    RELEASED,
    /** Withdrawn before release. */
    CANCELLED,
    /** An officer denied it. */
    DENIED;

    /** The database value. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state stored as {@code value}. */
    public static RequestState fromDbValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
