package org.sealpost.ca.revocation;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * A CA certificate with the private key that signs CRLs and OCSP responses for it.
 *
 * <p>The key may live in an HSM: pass the PKCS#11 provider (e.g. a configured SunPKCS11) that
 * owns it, and signatures are computed there. With a null provider the software key is used with
 * Bouncy Castle. {@link #toString()} never shows the key.
 *
 * @param certificate the CA certificate whose subject issues the CRLs and OCSP responses
 * @param key         its private key
 * @param provider    the JCA provider holding {@code key}, or null for Bouncy Castle
 */
public record RevocationSigner(X509Certificate certificate, PrivateKey key, Provider provider) {

    /** Validates the components. */
    public RevocationSigner {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** A signer using Bouncy Castle for a software key. */
    public RevocationSigner(X509Certificate certificate, PrivateKey key) {
        this(certificate, key, null);
    }

    /** The CA certificate with the key (software or token) its key store holds. */
    public static RevocationSigner of(X509Certificate certificate, org.sealpost.ca.keys.CaSigner signer) {
        return new RevocationSigner(certificate, signer.key(), signer.provider().orElse(null));
    }

    /**
     * The JCA signature algorithm matching the certificate's public key: SHA256withRSA for RSA,
     * SHA256/384/512withECDSA for P-256/P-384/P-521 (hash strength matched to the curve, as the
     * BR ask), Ed25519/Ed448 for EdDSA. Decided from the certificate, not from the private key,
     * because a PKCS#11 key handle need not expose its parameters.
     */
    public String signatureAlgorithm() {
        return signatureAlgorithm(certificate.getPublicKey());
    }

    /**
     * A fresh content signer for one signature. A ContentSigner wraps a stateful
     * {@link java.security.Signature}, so each CRL or response gets its own.
     *
     * @throws IllegalStateException when the provider cannot sign with the key; the message names
     *                               the algorithm and provider, never the key
     */
    public ContentSigner contentSigner() {
        String algorithm = signatureAlgorithm();
        Provider p = provider != null ? provider : CryptoProviders.bouncyCastle();
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(p).build(key);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new IllegalStateException("cannot sign with " + algorithm + " using provider " + p.getName()
                    + " for " + certificate.getSubjectX500Principal().getName(), e);
        }
    }

    @Override
    public String toString() {
        return "RevocationSigner[" + certificate.getSubjectX500Principal().getName() + ", key=<redacted>, provider="
                + (provider == null ? "BC" : provider.getName()) + "]";
    }

    static String signatureAlgorithm(PublicKey publicKey) {
        if (publicKey instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        if (publicKey instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits > 384) {
                return "SHA512withECDSA";
            }
            return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return switch (publicKey.getAlgorithm()) {
            case "Ed25519", "Ed448" -> publicKey.getAlgorithm();
            case "EdDSA" -> publicKey.getEncoded().length > 44 ? "Ed448" : "Ed25519";
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + publicKey.getAlgorithm());
        };
    }
}
