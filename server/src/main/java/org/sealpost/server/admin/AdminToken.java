package org.sealpost.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Admin API tokens: {@code spa_} and 256 random bits in base64url. The prefix lets secret scanners
 * and people recognise one. Only {@link #hash} of a token is stored: with 256 bits of entropy a plain
 * SHA-256 cannot be searched, so no slow password hash is needed.
 */
final class AdminToken {
    static final String PREFIX = "spa_";
    private static final int BYTES = 32;

    private AdminToken() {
    }

    static String generate(SecureRandom random) {
        byte[] bits = new byte[BYTES];
        random.nextBytes(bits);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Whether {@code token} has the shape of an admin token (not whether it is valid). */
    static boolean wellFormed(String token) {
        return token != null && token.length() == PREFIX.length() + 43 && token.startsWith(PREFIX)
                && token.substring(PREFIX.length()).chars().allMatch(AdminToken::base64url);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
