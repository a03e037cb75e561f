package org.sealpost.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The answer to a challenge, as in RFC 8823 section 3: the key authorization is
 * {@code mailPart || httpsPart + "." + thumbprint} (ASCII), and the answer is
 * base64url(SHA-256(key authorization)), without padding.
 *
 * <p>The service keeps only a verifier, SHA-256 of the decoded answer, so that a copy of the
 * database does not hold the answer itself.
 */
public final class KeyAuthorization {
    private static final int ANSWER_BYTES = 32;

    private KeyAuthorization() {
    }

    /** The answer a device holding both token parts and {@code key} sends. */
    public static String answer(String mailPart, String httpsPart, AccountKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(answerBytes(mailPart, httpsPart, key));
    }

    /** The verifier of the right answer, stored when the challenge is issued. */
    static byte[] verifier(String mailPart, String httpsPart, AccountKey key) {
        return sha256(answerBytes(mailPart, httpsPart, key));
    }

    /** The verifier of a submitted answer, or empty when it is not base64url of 32 bytes. */
    static Optional<byte[]> verifierOf(String answer) {
        if (answer == null || answer.length() != 43) {
            return Optional.empty();
        }
        try {
            byte[] decoded = Base64.getUrlDecoder().decode(answer);
            return decoded.length == ANSWER_BYTES ? Optional.of(sha256(decoded)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] answerBytes(String mailPart, String httpsPart, AccountKey key) {
        return sha256((mailPart + httpsPart + "." + key.thumbprint()).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
