package org.sealpost.kms;

import com.codahale.shamir.Scheme;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits a private key into n Shamir shares of which any k rebuild it (com.codahale.shamir: GF(256),
 * one polynomial per byte), and combines k shares back.
 *
 * <p>The secret is the key's PKCS#8 encoding. Intermediate byte arrays this class owns are zeroed
 * after use; the library's own working arrays and the JDK key objects cannot be (see docs/KMS.md).
 * A combined key must still be checked against the stored public key with
 * {@link KeyMaterialCheck#requireMatch}: Shamir has no integrity, so a wrong or tampered share
 * yields a different, well-formed-looking secret, or garbage.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeySplitter {
    /** The largest n the GF(256) scheme allows. */
    public static final int MAX_SHARES = 255;

    private final int threshold;
    private final int shares;
    private final SecureRandom random;

    /**
     * A splitter making {@code n} shares with threshold {@code k}.
     *
     * @throws IllegalArgumentException unless 2 ≤ k ≤ n ≤ 255
     */
    public KeySplitter(int k, int n, SecureRandom random) {
        if (k < 2) {
            throw new IllegalArgumentException("the share threshold k must be at least 2 (one share alone must reveal nothing), got " + k);
        }
        if (k > n) {
            throw new IllegalArgumentException("the share threshold k (" + k + ") must not exceed the number of shares n (" + n + ")");
        }
        if (n > MAX_SHARES) {
            throw new IllegalArgumentException("at most " + MAX_SHARES + " shares, got n = " + n);
        }
        this.threshold = k;
        this.shares = n;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** k: how many shares rebuild the key. */
    public int threshold() {
        return threshold;
    }

    /** n: how many shares a split makes. */
    public int shares() {
        return shares;
    }

    /** Splits {@code key}'s PKCS#8 encoding into n shares, ordered by index 1..n. */
    public List<Share> split(PrivateKey key) {
        byte[] secret = pkcs8(key);
        try {
            return split(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Splits {@code secret} (left untouched) into n shares, ordered by index 1..n. */
    public List<Share> split(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("nothing to split: the secret is empty");
        }
        Map<Integer, byte[]> parts = new Scheme(random, shares, threshold).split(secret);
        List<Share> result = new ArrayList<>(shares);
        try {
            for (int i = 1; i <= shares; i++) {
                result.add(new Share(i, parts.get(i)));
            }
        } finally {
            wipe(parts);
        }
        return List.copyOf(result);
    }

    /**
     * Rebuilds the PKCS#8 bytes from at least k shares with distinct indexes (more are fine). The
     * caller zeroes the result. Fewer than k shares, or wrong ones, give wrong bytes, not an error:
     * check the key built from them.
     *
     * @throws IllegalArgumentException when fewer than k shares are given, indexes repeat, or the
     *                                  lengths differ
     */
    public byte[] combineBytes(List<Share> given) {
        Objects.requireNonNull(given, "shares");
        if (given.size() < threshold) {
            throw new IllegalArgumentException("need at least " + threshold + " shares to rebuild the key, got " + given.size());
        }
        Map<Integer, byte[]> parts = new HashMap<>();
        try {
            int length = -1;
            for (Share share : given) {
                byte[] bytes = share.bytes();
                if (length < 0) {
                    length = bytes.length;
                }
                if (bytes.length != length) {
                    Arrays.fill(bytes, (byte) 0);
                    throw new IllegalArgumentException("shares differ in length: they are not from one split");
                }
                byte[] previous = parts.put(share.index(), bytes);
                if (previous != null) {
                    Arrays.fill(previous, (byte) 0);
                    throw new IllegalArgumentException("share index " + share.index() + " is given twice");
                }
            }
            // The polynomial's degree comes from the number of points: join exactly k of them.
            return new Scheme(random, Math.max(shares, threshold), threshold).join(parts);
        } finally {
            wipe(parts);
        }
    }

    /**
     * Rebuilds the private key from at least k shares.
     *
     * @throws KeyMismatchException when the bytes are not a key of {@code algorithm} (wrong shares)
     */
    public PrivateKey combine(List<Share> given, String algorithm) {
        byte[] secret = combineBytes(given);
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(secret);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException | RuntimeException e) {
            // No cause: a parser message could quote the (wrong but secret-derived) bytes.
            throw new KeyMismatchException("the combined shares are not a " + algorithm + " private key: a share is wrong, tampered or from another key");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] pkcs8(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the key cannot be exported as PKCS#8 (format " + key.getFormat() + ")");
        }
        return encoded;
    }

    private static void wipe(Map<Integer, byte[]> parts) {
        for (byte[] part : parts.values()) {
            Arrays.fill(part, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "KeySplitter[" + threshold + "-of-" + shares + "]";
    }
}
