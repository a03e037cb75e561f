package org.sealpost.ca.profile;

/** What a certificate is for; S/MIME rules (mailbox SAN, forbidden EKUs) apply to the first two. */
public enum CertificatePurpose {
    SMIME_ENCRYPTION,
    SMIME_SIGNING,
    TIMESTAMPING;

    /** Whether the CA/B Forum S/MIME Baseline Requirements govern this purpose. */
    public boolean isSmime() {
        return this != TIMESTAMPING;
    }
}
