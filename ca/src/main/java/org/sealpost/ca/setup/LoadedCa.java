package org.sealpost.ca.setup;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.keys.CaSigner;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.profile.Profiles;

/**
 * A CA hierarchy with its keys ready to sign: root, issuing CA and timestamping certificate.
 * {@code toString} never shows keys.
 */
public record LoadedCa(CaProperties properties, X509Certificate root, X509Certificate issuing, X509Certificate tsa,
                       CaSigner rootSigner, CaSigner issuingSigner, CaSigner tsaSigner) {
    /** Key store aliases. */
    public static final String ROOT = "root";
    public static final String ISSUING = "issuing";
    public static final String TSA = "tsa";

    /** The authority that issues subscriber certificates, with the standard profiles and linter. */
    public CertificateAuthority issuingAuthority(CaPolicy policy, SecureRandom random, Clock clock) {
        return new CertificateAuthority(issuing, issuingSigner, ISSUING, Profiles.standard(), policy,
                new CaUrls(properties.baseUrl()), CertificateLinter.standard(), random, clock);
    }

    @Override
    public String toString() {
        return "LoadedCa[" + properties.algorithm().id() + ", root=" + root.getSubjectX500Principal().getName() + "]";
    }
}
