package org.sealpost.validation;

import java.security.PublicKey;

/**
 * A device's answer to a challenge. Checked by {@link ChallengeService#answer}.
 *
 * @param challengeId the id returned with the challenge
 * @param address     the address the challenge was for
 * @param accountKey  the account key the challenge was issued to
 * @param answer      {@link KeyAuthorization#answer base64url(SHA-256(key authorization))}
 * @param clientId    who answers (IP address or API client), for the audit record
 */
public record ChallengeAnswer(String challengeId, String address, PublicKey accountKey, String answer, String clientId) {
}
