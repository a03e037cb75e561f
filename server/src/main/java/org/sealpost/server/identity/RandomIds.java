package org.sealpost.server.identity;

import java.security.SecureRandom;
import java.util.Base64;

/** Ids and tokens of 128 random bits, base64url without padding (22 characters). */
final class RandomIds {
    static final String PATTERN = "[A-Za-z0-9_-]{22}";
    private final SecureRandom random;

    RandomIds(SecureRandom random) {
        this.random = random;
    }

    String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    static boolean wellFormed(String id) {
        return id != null && id.matches(PATTERN);
    }
}
