package org.sealpost.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Bearer secrets the service shows once and stores only as a hash: a prefix naming their kind
 * ({@code spa_} admin tokens, {@code spk_} business API keys) and 256 random bits in base64url. The
 * prefix lets secret scanners and people recognise one. With 256 bits of entropy a plain SHA-256
 * cannot be searched, so no slow password hash is needed, and a look-up by hash leaks nothing
 * useful through timing. Immutable.
 */
public final class BearerSecrets {
    private static final Pattern PREFIX = Pattern.compile("[a-z]{2,8}_");
    private static final int BYTES = 32;
    /** 32 bytes in base64url without padding. */
    private static final int ENCODED = 43;

    private final String prefix;

    /** Secrets starting with {@code prefix}, e.g. {@code spk_}. */
    public BearerSecrets(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a secret's prefix is 2 to 8 lower-case letters and '_'");
        }
        this.prefix = prefix;
    }

    /** A fresh secret. */
    public String generate(SecureRandom random) {
        byte[] bits = new byte[BYTES];
        Objects.requireNonNull(random, "random").nextBytes(bits);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Whether {@code secret} has the shape of one of these secrets (not whether it is valid). */
    public boolean wellFormed(String secret) {
        return secret != null && secret.length() == prefix.length() + ENCODED && secret.startsWith(prefix)
                && secret.substring(prefix.length()).chars().allMatch(BearerSecrets::base64url);
    }

    /** What is stored of a secret: its SHA-256 in lower-case hex (64 characters). */
    public String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The prefix, e.g. {@code spk_}. */
    public String prefix() {
        return prefix;
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
