package org.sealpost.ca.issue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sealpost.core.CryptoProviders;
import org.sealpost.ca.CaException;
import org.sealpost.ca.keys.CaSigner;

/**
 * The two-step signing the CA always uses: first the exact TBSCertificate is produced (with the real
 * signature algorithm but no signature) so it can be linted, then the CA key signs, and the result is
 * checked to be that same TBSCertificate with a signature that verifies under the CA's public key
 * (a faulty token or provider never yields a broken certificate).
 */
public final class CertificateSigning {
    private CertificateSigning() {
    }

    /** The TBSCertificate {@code builder} will produce when signed with {@code signatureAlgorithm}. */
    public static TBSCertificate toBeSigned(X509v3CertificateBuilder builder, String signatureAlgorithm) {
        AlgorithmIdentifier alg = new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm);
        ContentSigner placeholder = new ContentSigner() {
            private final OutputStream sink = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return alg;
            }

            @Override
            public OutputStream getOutputStream() {
                return sink;
            }

            @Override
            public byte[] getSignature() {
                return new byte[0];
            }
        };
        return builder.build(placeholder).toASN1Structure().getTBSCertificate();
    }

    /**
     * One verification with Bouncy Castle, of the public CA key only (no token session needed):
     * the content verifier builder would verify twice and, with the JDK's generic P-384 code,
     * cost three times as much, which dominated issuance time.
     */
    private static boolean verifies(X509CertificateHolder holder, String signatureAlgorithm, PublicKey caPublicKey)
            throws java.security.GeneralSecurityException, IOException {
        java.security.Signature verifier = java.security.Signature.getInstance(signatureAlgorithm,
                CryptoProviders.bouncyCastle());
        verifier.initVerify(caPublicKey);
        verifier.update(holder.toASN1Structure().getTBSCertificate().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
        return verifier.verify(holder.getSignature());
    }

    /**
     * Signs {@code builder} with {@code signer}, requiring the result to carry {@code linted} and a
     * signature valid under {@code caPublicKey}.
     */
    public static X509Certificate sign(X509v3CertificateBuilder builder, TBSCertificate linted, CaSigner signer,
                                       String signatureAlgorithm, PublicKey caPublicKey) throws CaException.SigningFailure {
        try {
            JcaContentSignerBuilder sb = new JcaContentSignerBuilder(signatureAlgorithm);
            signer.provider().ifPresent(sb::setProvider);
            X509CertificateHolder holder = builder.build(sb.build(signer.key()));
            if (!Arrays.equals(holder.toASN1Structure().getTBSCertificate().getEncoded(), linted.getEncoded())) {
                throw new CaException.SigningFailure("the signed certificate differs from the linted one", null);
            }
            if (!verifies(holder, signatureAlgorithm, caPublicKey)) {
                throw new CaException.SigningFailure("the CA key produced a signature that does not verify "
                        + "(wrong key for this CA certificate?)", null);
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | IOException | java.security.GeneralSecurityException
                 | RuntimeException e) {
            throw new CaException.SigningFailure("signing with the CA key failed: " + e.getMessage(), e);
        }
    }
}
