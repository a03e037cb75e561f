package org.sealpost.client.read;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * How far a signer's identity is validated (docs/IDENTITY-LEVELS.md), from the signer certificate's
 * S/MIME Baseline Requirements policy, or Vp for a trusted certificate of another CA.
 * Ordered from least to most validated.
 */
public enum ValidationLevel {
    /** The mailbox only: the enrollment challenge. */
    V1("2.23.140.1.5.1.3", "address validated"),
    /**
     * A certificate of another (public) CA that the local store trusts, or that the service's directory
     * publishes (it checked the chain against the operator's trust store for email); what it validated
     * is that CA's policy.
     */
    VP(null, "publicly trusted"),
    /** A person, checked by an operator. */
    V2("2.23.140.1.5.4.3", "person validated"),
    /** An organization whose domain and details were approved. */
    V3("2.23.140.1.5.2.3", "organization validated"),
    /** A person, their title and organization, vouched for by the organization. */
    V4("2.23.140.1.5.3.3", "person, title and organization validated");

    private final String policy;
    private final String words;

    ValidationLevel(String policy, String words) {
        this.policy = policy;
        this.words = words;
    }

    /** "V1" ... "V4", "Vp". */
    public String label() {
        return this == VP ? "Vp" : name();
    }

    /** The plain words for the level, e.g. "address validated". */
    public String words() {
        return words;
    }

    /**
     * The level of a trusted signer certificate: its S/MIME BR policy when this service issued it,
     * Vp when another CA did; empty for a certificate of ours that names no known policy.
     */
    public static Optional<ValidationLevel> of(X509Certificate certificate, boolean issuedByUs) {
        if (!issuedByUs) {
            return Optional.of(VP);
        }
        byte[] ext = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (ext == null) {
            return Optional.empty();
        }
        try {
            CertificatePolicies policies = CertificatePolicies.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            ValidationLevel best = null;
            for (PolicyInformation info : policies.getPolicyInformation()) {
                String oid = info.getPolicyIdentifier().getId();
                for (ValidationLevel level : values()) {
                    if (oid.equals(level.policy) && (best == null || level.compareTo(best) > 0)) {
                        best = level;
                    }
                }
            }
            return Optional.ofNullable(best);
        } catch (RuntimeException e) {
            // A damaged policies extension vouches for nothing.
            return Optional.empty();
        }
    }
}
