package org.sealpost.validation;

import java.util.Objects;

/**
 * Whom a challenge was issued to: what a caller that holds only the challenge id (an enrollment
 * completing it) needs to build its {@link ChallengeAnswer}.
 *
 * @param address              in look-up form
 * @param accountKeyThumbprint RFC 7638 SHA-256 thumbprint of the account key, base64url
 */
public record ChallengeSubject(String address, String accountKeyThumbprint) {
    public ChallengeSubject {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(accountKeyThumbprint, "accountKeyThumbprint");
    }
}
