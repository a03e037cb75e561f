package org.sealpost.validation;

import java.security.PublicKey;

/**
 * A device's request for a mailbox challenge. Checked by {@link ChallengeService#issue}, which refuses
 * bad values as {@link Refusal.InvalidRequest}.
 *
 * @param address    the mail address to validate
 * @param accountKey the device's signing public key, RSA or EC
 * @param clientId   who asks, for the per-client rate limit: the caller's IP address or API client
 */
public record ChallengeRequest(String address, PublicKey accountKey, String clientId) {
}
