package org.sealpost.kms.recovery;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The public keys of legal-hold recovery: officer keys and transport keys are RSA of at least 2048
 * bits or EC on P-256 or P-384, stored as the JDK's SubjectPublicKeyInfo DER; officers sign with
 * SHA-256 (RSASSA-PKCS1-v1_5 or ECDSA with a DER signature), what {@code openssl dgst -sha256 -sign}
 * makes. Stateless.
 */
final class RecoveryKeys {
    /** The smallest RSA key accepted, for officers and transport keys alike. */
    static final int MIN_RSA_BITS = 2048;
    /** Longer than any signature of a supported key (RSA-16384 is 2048 bytes). */
    static final int MAX_SIGNATURE_BYTES = 2048;

    private RecoveryKeys() {
    }

    /**
     * {@code key}'s SubjectPublicKeyInfo DER, re-encoded by the JDK so that one key always has one
     * encoding (and one fingerprint).
     *
     * @param role what the key is for, for the message ("the officer key")
     * @throws IllegalArgumentException when the key is not RSA ≥ 2048 bits or EC P-256/P-384
     */
    static byte[] requireSupported(PublicKey key, String role) {
        if (key == null) {
            throw new IllegalArgumentException(role + " is missing");
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException(role + " cannot be encoded as a SubjectPublicKeyInfo");
        }
        PublicKey decoded;
        try {
            decoded = decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(role + ": " + e.getMessage(), e);
        }
        if (decoded instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException(role + " is an RSA key of " + rsa.getModulus().bitLength() + " bits; at least "
                    + MIN_RSA_BITS + " are required");
        }
        return decoded.getEncoded();
    }

    /**
     * Decodes a SubjectPublicKeyInfo DER of a supported kind.
     *
     * @throws IllegalArgumentException when it is malformed or of another kind (e.g. Ed25519, EC on another curve)
     */
    static PublicKey decode(byte[] spki) {
        ASN1ObjectIdentifier algorithm;
        ASN1Encodable parameters;
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
            algorithm = info.getAlgorithm().getAlgorithm();
            parameters = info.getAlgorithm().getParameters();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a SubjectPublicKeyInfo");
        }
        String kind;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            kind = "RSA";
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)
                && (SECObjectIdentifiers.secp256r1.equals(parameters) || SECObjectIdentifiers.secp384r1.equals(parameters))) {
            kind = "EC";
        } else {
            throw new IllegalArgumentException("unsupported key (algorithm " + algorithm + (parameters == null ? "" : ", parameters " + parameters)
                    + "): use RSA (2048 bits or more), EC P-256 or EC P-384");
        }
        try {
            return KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("an unreadable " + kind + " public key");
        }
    }

    /** SHA-256 of {@code spki}, lower-case hex. */
    static String sha256Hex(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Whether {@code signature} is {@code signer}'s SHA-256 signature over {@code message}:
     * SHA256withRSA (PKCS#1 v1.5) for RSA keys, SHA256withECDSA (DER {@code ECDSA-Sig-Value}) for EC
     * keys. A malformed signature is simply not valid.
     */
    static boolean verifies(PublicKey signer, byte[] message, byte[] signature) {
        if (signature == null || signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
            return false;
        }
        String algorithm = signer instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(signer);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
