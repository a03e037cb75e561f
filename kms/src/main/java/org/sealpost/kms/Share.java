package org.sealpost.kms;

import java.util.Arrays;

/**
 * One Shamir share of a secret: its x-coordinate and its bytes. Treat it as secret: k of them
 * rebuild the key. {@link #toString()} never shows the bytes.
 *
 * @param index the share's x-coordinate, 1 to 255
 * @param bytes the share value, as long as the secret (copied in and out)
 */
public record Share(int index, byte[] bytes) {
    public Share {
        if (index < 1 || index > 255) {
            throw new IllegalArgumentException("a share index is 1 to 255, got " + index);
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a share must not be empty");
        }
        bytes = bytes.clone();
    }

    /** The share value (a copy; zero it after use). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Overwrites this share's bytes with zeros; the share is useless afterwards. */
    public void wipe() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share other && index == other.index && java.security.MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // Deliberately not derived from the secret bytes.
        return Integer.hashCode(index);
    }

    @Override
    public String toString() {
        return "Share[index=" + index + ", " + bytes.length + " bytes redacted]";
    }
}
