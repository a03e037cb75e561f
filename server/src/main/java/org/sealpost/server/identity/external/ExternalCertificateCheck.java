package org.sealpost.server.identity.external;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.server.identity.IdentityProblem;

/**
 * What a Vp credential must be before it is used beside a Sealpost certificate: a chain that the
 * JDK's PKIX validator builds to one of the configured trust anchors at this time, an email SAN that
 * is the address, a key usage for signing (digitalSignature or nonRepudiation), an extended key usage
 * (if any) that allows emailProtection, and a private key that belongs to the certificate.
 * Revocation is not checked here: verifiers check it when they meet a signature.
 */
public final class ExternalCertificateCheck {
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final String ANY_EKU = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    /** @param anchors the CA certificates trusted for Vp (e.g. the system's public roots) */
    public ExternalCertificateCheck(Collection<X509Certificate> anchors, Clock clock) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        this.anchors = anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toUnmodifiableSet());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws IdentityProblem INVALID, naming the first check that failed */
    public void check(ExternalCredential credential, String address) throws IdentityProblem {
        X509Certificate cert = credential.certificate();
        String owner;
        try {
            owner = OwnerAddress.lookupForm(address);
        } catch (IllegalArgumentException e) {
            throw IdentityProblem.invalid(e.getMessage());
        }
        try {
            KeyMaterial.requireMatch(credential.key(), cert, "the private key does not belong to the certificate");
        } catch (KeyMaterialException e) {
            throw IdentityProblem.invalid(e.getMessage());
        }
        if (!emailAddresses(cert).contains(owner)) {
            throw IdentityProblem.invalid("the certificate is not for " + owner + " (its email addresses: "
                    + String.join(", ", emailAddresses(cert)) + ")");
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage == null || !(usage[DIGITAL_SIGNATURE] || usage[NON_REPUDIATION])) {
            throw IdentityProblem.invalid("the certificate's key usage does not allow signing");
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains(KeyPurposeId.id_kp_emailProtection.getId()) && !eku.contains(ANY_EKU)) {
                throw IdentityProblem.invalid("the certificate's extended key usage does not allow email protection");
            }
        } catch (CertificateParsingException e) {
            throw IdentityProblem.invalid("the certificate's extended key usage cannot be read");
        }
        validateChain(credential.chain());
    }

    private void validateChain(List<X509Certificate> chain) throws IdentityProblem {
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            // A chain that ends with its own root is accepted too: PKIX wants it without the anchor.
            List<X509Certificate> path = chain.stream().filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c)))
                    .toList();
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw IdentityProblem.invalid("the certificate does not chain to a configured trust anchor: "
                    + (e.getReason() == null ? "" : e.getReason().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + ", ")
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw IdentityProblem.invalid("the certificate chain cannot be checked: " + e.getMessage());
        }
    }

    private static List<String> emailAddresses(X509Certificate cert) {
        try {
            var names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> Integer.valueOf(1).equals(n.get(0))).map(n -> lookupForm((String) n.get(1)))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String lookupForm(String address) {
        try {
            return OwnerAddress.lookupForm(address);
        } catch (IllegalArgumentException e) {
            return address;
        }
    }
}
