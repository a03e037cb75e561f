package org.sealpost.kms;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** Makes key ids: 128 random bits, base64url without padding (22 characters, URL- and file-name-safe). */
public final class KeyIds {
    private final SecureRandom random;

    /** Key ids drawn from {@code random}. */
    public KeyIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new random key id. */
    public String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
