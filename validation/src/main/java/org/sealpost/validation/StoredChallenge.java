package org.sealpost.validation;

import java.time.Instant;
import java.util.Locale;

/** A row of {@code validation_challenge}. The verifier is not a token part and reveals neither. */
record StoredChallenge(String challengeId, String address, String clientId, String keyThumbprint, byte[] verifier,
                       Status status, int wrongAnswers, Instant issuedAt, Instant expiresAt) {

    /** The life of a challenge; see V40__validation_challenges.sql. */
    enum Status {
        PENDING, OPEN, VALIDATED, EXHAUSTED;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
