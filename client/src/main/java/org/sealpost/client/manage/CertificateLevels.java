package org.sealpost.client.manage;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The identity level a certificate states (docs/IDENTITY-LEVELS.md): the S/MIME BR "strict" policy
 * of the service's CA profiles says V1-V4; a certificate the service's CAs did not issue is Vp
 * (another CA's). The timestamp authority's certificate states no level.
 */
public final class CertificateLevels {
    /** S/MIME BR strict policies, by the level the service's CA profiles give them. */
    static final Map<String, String> POLICIES = Map.of(
            "2.23.140.1.5.1.3", "V1",  // mailbox-validated
            "2.23.140.1.5.4.3", "V2",  // individual-validated
            "2.23.140.1.5.2.3", "V3",  // organization-validated
            "2.23.140.1.5.3.3", "V4"); // sponsor-validated
    /** A certificate from a CA other than the service's. */
    public static final String EXTERNAL = "Vp";

    private CertificateLevels() {
    }

    /**
     * The level of {@code certificate}: Vp when none of {@code serviceCas} issued it, else the level
     * of its policy, else empty (a certificate that states no identity, e.g. the TSA's).
     */
    public static Optional<String> of(X509Certificate certificate, Collection<X509Certificate> serviceCas) {
        if (serviceCas.stream().noneMatch(ca -> issued(ca, certificate))) {
            return Optional.of(EXTERNAL);
        }
        return policies(certificate).stream().map(POLICIES::get).filter(Objects::nonNull).findFirst();
    }

    private static boolean issued(X509Certificate ca, X509Certificate certificate) {
        if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<String> policies(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (value == null) {
            return List.of();
        }
        try {
            ASN1Primitive parsed = JcaX509ExtensionUtils.parseExtensionValue(value);
            List<String> out = new ArrayList<>();
            for (PolicyInformation p : CertificatePolicies.getInstance(parsed).getPolicyInformation()) {
                out.add(p.getPolicyIdentifier().getId());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            // A malformed extension states nothing we can rely on.
            return List.of();
        }
    }
}
