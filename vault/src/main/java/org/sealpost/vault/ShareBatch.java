package org.sealpost.vault;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one vault answered for several key ids in one round trip ({@link VaultClient#getAll}).
 * A key id with no stored share is in neither map.
 *
 * <p>The share arrays are not copied: the caller owns them and should {@link #wipe()} them when
 * done. {@link #toString()} shows key ids only.
 *
 * @param shares   the authentic shares found, by key id
 * @param failures the key ids whose stored share failed authentication (altered, moved or another
 *                 vault's), each with a one-line reason naming the key id only
 */
public record ShareBatch(Map<String, byte[]> shares, Map<String, String> failures) {
    public ShareBatch {
        shares = Map.copyOf(shares);
        failures = Map.copyOf(failures);
        for (String keyId : failures.keySet()) {
            if (shares.containsKey(keyId)) {
                throw new IllegalArgumentException("key " + keyId + " has both a share and a failure");
            }
        }
    }

    /** No shares, no failures. */
    public static ShareBatch empty() {
        return new ShareBatch(Map.of(), Map.of());
    }

    /** Overwrites every share with zeros. */
    public void wipe() {
        shares.values().forEach(share -> Arrays.fill(share, (byte) 0));
    }

    @Override
    public String toString() {
        return "ShareBatch[shares of " + new TreeSet<>(shares.keySet()) + " redacted, failed " + new TreeSet<>(failures.keySet()) + "]";
    }
}
