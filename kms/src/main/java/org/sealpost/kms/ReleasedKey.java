package org.sealpost.kms;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A private key of an address's history, with its key id, as carried in a {@link ReleasePackage}.
 * {@link #toString()} never shows the key.
 *
 * @param keyId the key's id in {@code kms_key}
 * @param key   the private key
 */
public record ReleasedKey(String keyId, PrivateKey key) {
    public ReleasedKey {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a released key needs its key id");
        }
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "ReleasedKey[" + keyId + ", " + key.getAlgorithm() + " private key redacted]";
    }
}
