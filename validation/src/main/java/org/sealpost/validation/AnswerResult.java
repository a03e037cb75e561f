package org.sealpost.validation;

import java.util.Objects;

/** What became of an answer: {@link Validated} or {@link Refused}. */
public sealed interface AnswerResult permits AnswerResult.Validated, Refused {

    /**
     * The holder of the account key reads the address's mail: the challenge is used up.
     *
     * @param address              in look-up form
     * @param accountKeyThumbprint RFC 7638 SHA-256 thumbprint of the account key, base64url
     * @param challengeId          the challenge that was answered
     */
    record Validated(String address, String accountKeyThumbprint, String challengeId) implements AnswerResult {
        public Validated {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(accountKeyThumbprint, "accountKeyThumbprint");
            Objects.requireNonNull(challengeId, "challengeId");
        }
    }
}
