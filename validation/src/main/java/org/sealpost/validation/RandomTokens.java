package org.sealpost.validation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** Challenge ids and token parts: 128 random bits each, base64url without padding (22 characters). */
final class RandomTokens {
    static final int LENGTH = 22;
    private final SecureRandom random;

    RandomTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
