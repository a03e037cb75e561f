package org.sealpost.directory;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sealpost.core.keys.CertificatePaths;

/**
 * Whether a certificate found in signed mail may be published: the rules of the issue, cheapest
 * first, the first broken one giving the reason. Stateless.
 */
final class HarvestChecks {
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    private final TrustStore trust;

    HarvestChecks(TrustStore trust) {
        this.trust = trust;
    }

    /** What the checks found. */
    sealed interface Verdict {
        /** May be published; {@code issuer} signed it (an intermediate or a trust anchor). */
        record Accepted(X509Certificate issuer) implements Verdict {
        }

        /** Refused for {@code reason}. */
        record Refused(String reason) implements Verdict {
        }
    }

    /** Judges {@code cert} at {@code now}. */
    Verdict judge(X509Certificate cert, List<X509Certificate> intermediates, Date now) {
        Optional<String> problem = intrinsicProblem(cert);
        if (problem.isPresent()) {
            return new Verdict.Refused(problem.get());
        }
        try {
            cert.checkValidity(now);
        } catch (CertificateExpiredException e) {
            return new Verdict.Refused("expired on " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return new Verdict.Refused("not valid before " + cert.getNotBefore().toInstant());
        }
        Optional<String> usage = usageProblem(cert);
        if (usage.isPresent()) {
            return new Verdict.Refused(usage.get());
        }
        if (SanAddresses.of(cert).isEmpty()) {
            return new Verdict.Refused("its subjectAltName names no mail address");
        }
        if (trust.isEmpty()) {
            return new Verdict.Refused("the directory has no trust store (" + trust.origin() + "), so nothing can be harvested");
        }
        try {
            PKIXCertPathBuilderResult path = CertificatePaths.build(cert, trust.anchors(), intermediates, now, false);
            List<? extends java.security.cert.Certificate> chain = path.getCertPath().getCertificates();
            return new Verdict.Accepted(chain.size() > 1 ? (X509Certificate) chain.get(1) : path.getTrustAnchor().getTrustedCert());
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Verdict.Refused("does not chain to a root of the directory's trust store");
        }
    }

    /** The rules that need neither time nor trust store: kind, signature algorithm, key. */
    private static Optional<String> intrinsicProblem(X509Certificate cert) {
        if (cert.getBasicConstraints() >= 0) {
            return Optional.of("a CA certificate, not a person's encryption certificate");
        }
        String algorithm = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.contains("SHA1") || algorithm.contains("SHA-1") || algorithm.contains("MD5") || algorithm.contains("MD2")) {
            return Optional.of("signed with " + cert.getSigAlgName() + ", a broken hash (SHA-256 or better is required)");
        }
        return keyProblem(cert.getPublicKey());
    }

    private static Optional<String> keyProblem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < MIN_RSA_BITS
                    ? Optional.of("a weak key: RSA with " + bits + " bits (at least " + MIN_RSA_BITS + " are required)")
                    : Optional.empty();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits < MIN_EC_BITS
                    ? Optional.of("a weak key: an elliptic curve of " + bits + " bits (at least " + MIN_EC_BITS + " are required)")
                    : Optional.empty();
        }
        return Optional.of("a " + key.getAlgorithm() + " key, which S/MIME encryption here does not use (RSA or EC only)");
    }

    private static Optional<String> usageProblem(X509Certificate cert) {
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of("its extended key usage cannot be read");
        }
        if (eku == null || !eku.contains(EMAIL_PROTECTION)) {
            return Optional.of("not for email: the extended key usage lacks emailProtection");
        }
        boolean[] ku = cert.getKeyUsage();
        boolean rsa = cert.getPublicKey() instanceof RSAPublicKey;
        int needed = rsa ? KEY_ENCIPHERMENT : KEY_AGREEMENT;
        if (ku == null || ku.length <= needed || !ku[needed]) {
            return Optional.of("not for encryption: the key usage lacks " + (rsa ? "keyEncipherment" : "keyAgreement"));
        }
        return Optional.empty();
    }
}
