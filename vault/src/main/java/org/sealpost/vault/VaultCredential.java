package org.sealpost.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The credential the key service presents to a vault: a random 256-bit token (base64url, 43
 * characters) sent as {@code Authorization: Bearer <token>}. The vault keeps only its SHA-256 (a
 * hash of 256 random bits needs no salt or stretching) and compares in constant time.
 */
public final class VaultCredential {
    private static final int TOKEN_BYTES = 32;
    private final byte[] sha256;

    private VaultCredential(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** A fresh token; the caller hands it to the key service and keeps only {@link #fromToken}'s hash. */
    public static char[] newToken(SecureRandom random) {
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(raw);
        char[] token = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            token[i] = (char) encoded[i];
        }
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
        return token;
    }

    /** The verifier of {@code token}. */
    public static VaultCredential fromToken(char[] token) {
        return new VaultCredential(hash(token));
    }

    /**
     * The verifier from its hex SHA-256, as stored in vault.properties.
     *
     * @throws VaultException when it is not 64 hex digits
     */
    public static VaultCredential fromHex(String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new VaultException("the client token hash in vault.properties is not a SHA-256 (64 hex digits)");
        }
        return new VaultCredential(HexFormat.of().parseHex(hex));
    }

    /** The hex SHA-256 to store. */
    public String hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Whether {@code presented} is the token; constant time in the token's content. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 256) {
            return false;
        }
        char[] chars = presented.toCharArray();
        try {
            return MessageDigest.isEqual(hash(chars), sha256);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] hash(char[] token) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "VaultCredential[sha256=" + hex().substring(0, 8) + "…]";
    }
}
