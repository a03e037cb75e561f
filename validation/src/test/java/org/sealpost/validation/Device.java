package org.sealpost.validation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The device side of the protocol, written from docs/VALIDATION.md without the main code: the
 * RFC 7638 canonical JWK is built by hand here, so that the tests check nimbus-jose-jwt's thumbprint
 * in the service against an independent one.
 */
record Device(PublicKey accountKey) {

    /** The RSA key of RFC 7638 section 3.1, whose thumbprint the RFC gives. */
    static Device rfc7638Example() {
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6"
                + "4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9"
                + "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        try {
            return new Device(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(n)), BigInteger.valueOf(65537))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Device rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return new Device(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Device ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return new Device(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64url(SHA-256(mailPart || httpsPart "." thumbprint)). */
    String answer(String mailPart, String httpsPart) {
        String keyAuthorization = mailPart + httpsPart + "." + thumbprint();
        return base64url(sha256(keyAuthorization.getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
    String thumbprint() {
        return base64url(sha256(canonicalJwk().getBytes(StandardCharsets.UTF_8)));
    }

    String canonicalJwk() {
        if (accountKey instanceof RSAPublicKey rsa) {
            return "{\"e\":\"" + base64url(unsigned(rsa.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                    + base64url(unsigned(rsa.getModulus())) + "\"}";
        }
        ECPublicKey ec = (ECPublicKey) accountKey;
        int fieldBits = ec.getParams().getCurve().getField().getFieldSize();
        int size = (fieldBits + 7) / 8;
        String crv = switch (fieldBits) {
            case 256 -> "P-256";
            case 384 -> "P-384";
            case 521 -> "P-521";
            default -> throw new IllegalArgumentException("curve of " + fieldBits + " bits");
        };
        return "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + base64url(fixed(ec.getW().getAffineX(), size))
                + "\",\"y\":\"" + base64url(fixed(ec.getW().getAffineY(), size)) + "\"}";
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** EC coordinates are the full field size (RFC 7518 section 6.2.1.2), leading zeros kept. */
    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
