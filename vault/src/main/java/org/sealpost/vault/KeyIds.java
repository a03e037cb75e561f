package org.sealpost.vault;

import java.util.regex.Pattern;

/** What a key id may look like: 1 to 128 of {@code A-Z a-z 0-9 _ -}, so it is safe in a URL path and a log line. */
public final class KeyIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private KeyIds() {
    }

    public static boolean valid(String keyId) {
        return keyId != null && VALID.matcher(keyId).matches();
    }

    /** @throws IllegalArgumentException when {@code keyId} is not a valid key id */
    public static String require(String keyId) {
        if (!valid(keyId)) {
            throw new IllegalArgumentException("invalid key id: expected 1 to 128 characters of A-Z a-z 0-9 _ -");
        }
        return keyId;
    }
}
