package org.sealpost.kms;

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
