package org.sealpost.vault;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** What a key id may look like: 1 to 128 of {@code A-Z a-z 0-9 _ -}, so it is safe in a URL path and a log line. */
public final class KeyIds {
    /** The most key ids one batch read may ask for ({@link VaultClient#getAll}). */
    public static final int MAX_BATCH = 256;
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

    /**
     * The distinct key ids of a batch read, in the order given.
     *
     * @throws IllegalArgumentException when one is invalid or there are more than {@link #MAX_BATCH}
     */
    public static Set<String> requireBatch(Collection<String> keyIds) {
        Objects.requireNonNull(keyIds, "keyIds");
        if (keyIds.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch read asks for at most " + MAX_BATCH + " key ids, not " + keyIds.size());
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String keyId : keyIds) {
            distinct.add(require(keyId));
        }
        return distinct;
    }
}
