package org.sealpost.validation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * A device's account key (its signing public key) and the RFC 7638 JWK SHA-256 thumbprint that binds
 * a challenge answer to it. The thumbprint is computed by nimbus-jose-jwt, which builds the
 * canonical JWK (required members only, in lexicographic order) itself.
 *
 * @param publicKey  RSA (at least 2048 bits) or EC on P-256, P-384 or P-521
 * @param thumbprint base64url (no padding) of the SHA-256 thumbprint, 43 characters
 */
public record AccountKey(PublicKey publicKey, String thumbprint) {
    static final int MIN_RSA_BITS = 2048;
    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    public AccountKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(thumbprint, "thumbprint");
    }

    /**
     * The account key {@code key} with its thumbprint.
     *
     * @throws IllegalArgumentException naming why the key is not accepted (type, size, curve)
     */
    public static AccountKey of(PublicKey key) {
        if (key == null) {
            throw new IllegalArgumentException("the account key is missing");
        }
        try {
            return new AccountKey(key, jwk(key).computeThumbprint("SHA-256").toString());
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is not available for the JWK thumbprint", e);
        }
    }

    private static JWK jwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("the account key is RSA-" + rsa.getModulus().bitLength()
                        + "; at least " + MIN_RSA_BITS + " bits are needed");
            }
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null || !CURVES.contains(curve)) {
                throw new IllegalArgumentException("the account key's EC curve is not supported (P-256, P-384 or P-521)");
            }
            try {
                return new ECKey.Builder(curve, ec).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the account key is not a valid " + curve + " key", e);
            }
        }
        throw new IllegalArgumentException("the account key must be RSA or EC, not " + key.getAlgorithm());
    }
}
