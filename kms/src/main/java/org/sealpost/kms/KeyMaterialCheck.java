package org.sealpost.kms;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * Checks that a private key belongs to a public key: the last line of defence after shares are
 * combined, since Shamir itself cannot tell a right share set from a wrong one.
 *
 * <p>A cheap structural comparison (RSA modulus, EC curve) comes first, then a signature over a
 * fresh random challenge is made with the private key and verified with the public key, which
 * proves possession whatever the key's internal form.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyMaterialCheck {
    private final SecureRandom random;

    /** A check drawing its challenges from {@code random}. */
    public KeyMaterialCheck(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Whether {@code privateKey} is the private half of {@code publicKey}. Never throws for a mismatch. */
    public boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        if (publicKey instanceof RSAPublicKey pub && privateKey instanceof RSAPrivateKey priv) {
            if (!pub.getModulus().equals(priv.getModulus())) {
                return false;
            }
            if (priv instanceof RSAPrivateCrtKey crt) {
                return consistent(pub, crt);
            }
            return signs(publicKey, privateKey, "SHA256withRSA");
        }
        if (publicKey instanceof ECPublicKey pub && privateKey instanceof ECPrivateKey priv) {
            if (!sameCurve(pub, priv)) {
                return false;
            }
            return signs(publicKey, privateKey, "SHA256withECDSA");
        }
        return false;
    }

    /**
     * Returns normally when {@code privateKey} matches {@code publicKey}.
     *
     * @throws KeyMismatchException naming {@code keyId} otherwise
     */
    public void requireMatch(String keyId, PublicKey publicKey, PrivateKey privateKey) {
        if (!matches(publicKey, privateKey)) {
            throw new KeyMismatchException("the rebuilt private key of key " + keyId
                    + " does not match its stored public key: a share is wrong, tampered or from another key");
        }
    }

    /**
     * The arithmetic that makes a CRT private key work for a public key: n = p·q, the same e,
     * e·d ≡ 1 modulo p−1 and q−1, and the CRT values derived from them. If it holds, the key signs
     * and decrypts correctly for that public key; it costs microseconds where a trial signature
     * costs about 0.8 ms per RSA-2048 key, which dominated a release of a key history.
     */
    private static boolean consistent(RSAPublicKey pub, RSAPrivateCrtKey key) {
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        BigInteger d = key.getPrivateExponent();
        BigInteger e = pub.getPublicExponent();
        if (p == null || q == null || d == null || p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0
                || !e.equals(key.getPublicExponent()) || !p.multiply(q).equals(pub.getModulus())) {
            return false;
        }
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        return e.multiply(d).mod(pMinus1).equals(BigInteger.ONE.mod(pMinus1))
                && e.multiply(d).mod(qMinus1).equals(BigInteger.ONE.mod(qMinus1))
                && d.mod(pMinus1).equals(key.getPrimeExponentP())
                && d.mod(qMinus1).equals(key.getPrimeExponentQ())
                && key.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
    }

    private static boolean sameCurve(ECPublicKey pub, ECPrivateKey priv) {
        var a = pub.getParams();
        var b = priv.getParams();
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator()) && a.getOrder().equals(b.getOrder());
    }

    private boolean signs(PublicKey publicKey, PrivateKey privateKey, String algorithm) {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey, random);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed rebuilt key (e.g. an RSA key whose CRT values disagree) fails to sign: a mismatch.
            return false;
        }
    }
}
