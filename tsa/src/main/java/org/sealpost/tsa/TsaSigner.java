package org.sealpost.tsa;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * The TSA's certificate and key, and the certificates to put into tokens whose request asks for
 * them (certReq).
 *
 * <p>The certificate must satisfy RFC 3161 section 2.3: an extended key usage extension, marked
 * critical, with id-kp-timeStamping as its only purpose; otherwise no verifier would accept the
 * tokens, so construction fails early. The key may live in an HSM: pass its PKCS#11 provider.
 * {@link #toString()} never shows the key.
 *
 * @param certificate the TSA certificate
 * @param key         its private key
 * @param provider    the JCA provider holding {@code key}, or null for Bouncy Castle
 * @param chain       certificates sent when the client sets certReq: the TSA certificate first,
 *                    then intermediates (the root may be left out; clients must already trust it).
 *                    An empty list means just the TSA certificate.
 */
public record TsaSigner(X509Certificate certificate, PrivateKey key, Provider provider, List<X509Certificate> chain) {
    private static final String TIME_STAMPING = KeyPurposeId.id_kp_timeStamping.getId();

    /** Validates the components. */
    public TsaSigner {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        chain = chain == null || chain.isEmpty() ? List.of(certificate) : List.copyOf(chain);
        if (!chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the TSA certificate");
        }
        requireTimeStampingOnly(certificate);
    }

    /** A software key used with Bouncy Castle; tokens carry only the TSA certificate. */
    public TsaSigner(X509Certificate certificate, PrivateKey key) {
        this(certificate, key, null, List.of());
    }

    /**
     * The signature algorithm for the certificate's key: SHA256withRSA, or SHA256/384/512withECDSA
     * matched to the curve. Taken from the certificate because a PKCS#11 key handle need not
     * expose its parameters.
     */
    public String signatureAlgorithm() {
        PublicKey pub = certificate.getPublicKey();
        if (pub instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        if (pub instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported TSA key algorithm " + pub.getAlgorithm());
    }

    /** A fresh content signer: one per token, since a ContentSigner is stateful. */
    ContentSigner contentSigner() throws OperatorCreationException {
        return new JcaContentSignerBuilder(signatureAlgorithm())
                .setProvider(provider != null ? provider : CryptoProviders.bouncyCastle())
                .build(key);
    }

    @Override
    public String toString() {
        return "TsaSigner[" + certificate.getSubjectX500Principal().getName() + ", key=<redacted>, provider="
                + (provider == null ? "BC" : provider.getName()) + "]";
    }

    private static void requireTimeStampingOnly(X509Certificate cert) {
        String who = cert.getSubjectX500Principal().getName();
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the extended key usage of TSA certificate " + who + " cannot be read", e);
        }
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (eku == null || critical == null || !critical.contains(Extension.extendedKeyUsage.getId())
                || !eku.equals(List.of(TIME_STAMPING))) {
            throw new IllegalArgumentException("TSA certificate " + who
                    + " must have a critical extended key usage of exactly id-kp-timeStamping (RFC 3161 section 2.3)");
        }
    }
}
