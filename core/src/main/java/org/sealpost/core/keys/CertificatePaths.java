package org.sealpost.core.keys;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sealpost.core.CryptoProviders;

/** RFC 5280 path building with Bouncy Castle's PKIX builder: the one place that asks "does this chain to an anchor?". */
public final class CertificatePaths {
    /** Longer chains than this are not built (S/MIME hierarchies have two or three levels). */
    public static final int MAX_PATH_LENGTH = 8;

    private CertificatePaths() {
    }

    /**
     * Builds and validates a path from {@code target} to one of {@code anchors} at time {@code at}.
     *
     * @param others      intermediates, and CRLs when {@code revocation} is on
     * @param revocation  whether every certificate of the path must be covered by a CRL in {@code others}
     * @return the path found and the anchor it ends at
     * @throws GeneralSecurityException (or a runtime exception from the provider) naming why no path was found
     */
    public static PKIXCertPathBuilderResult build(X509Certificate target, Collection<X509Certificate> anchors, Collection<?> others, Date at,
            boolean revocation) throws GeneralSecurityException {
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        X509CertSelector selector = new X509CertSelector();
        selector.setCertificate(target);
        PKIXBuilderParameters params = new PKIXBuilderParameters(trust, selector);
        List<Object> store = new ArrayList<>(others);
        store.add(target);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        params.setRevocationEnabled(revocation);
        params.setDate(at);
        params.setMaxPathLength(MAX_PATH_LENGTH);
        return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX", CryptoProviders.bouncyCastle()).build(params);
    }
}
