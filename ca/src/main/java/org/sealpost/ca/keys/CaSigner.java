package org.sealpost.ca.keys;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A handle on a CA signing key: the private key (a software key, or a reference to a key that never
 * leaves a PKCS#11 token) and the JCA provider that can use it.
 *
 * @param key      the private key or token handle
 * @param provider the provider to sign with; empty for a software key (JCA picks one)
 */
public record CaSigner(PrivateKey key, Optional<Provider> provider) {
    public CaSigner {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
    }

    /** A software key, signed with by whatever JCA provider accepts it. */
    public static CaSigner software(PrivateKey key) {
        return new CaSigner(key, Optional.empty());
    }

    /** A key that only {@code provider} can use, e.g. a SunPKCS11 token key. */
    public static CaSigner onProvider(PrivateKey key, Provider provider) {
        return new CaSigner(key, Optional.of(provider));
    }

    /**
     * The JCA signature algorithm for this CA's public key: SHA-256 with RSA PKCS#1 v1.5; ECDSA with
     * the hash matching the curve size (SBR 7.1.3.2.2: P-256/SHA-256, P-384/SHA-384, P-521/SHA-512).
     */
    public static String signatureAlgorithm(PublicKey caPublicKey) {
        if (caPublicKey instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if ("RSA".equals(caPublicKey.getAlgorithm())) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("unsupported CA key algorithm " + caPublicKey.getAlgorithm());
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "CaSigner[" + key.getAlgorithm() + " key" + provider.map(p -> " on " + p.getName()).orElse("") + "]";
    }
}
