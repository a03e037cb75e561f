package org.sealpost.client.mail;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS socket factory for the mail servers: the JDK's default trust anchors plus the configured
 * extra certificates, validated by the JDK's own PKIX trust manager (no trust logic of ours).
 * Host names are checked by Jakarta Mail ({@code ssl.checkserveridentity}), not here.
 */
final class TrustedSockets {
    private TrustedSockets() {
    }

    /** A socket factory trusting the JDK's default anchors and {@code extraTrust}. */
    static SSLSocketFactory factory(List<X509Certificate> extraTrust) {
        try {
            if (extraTrust.isEmpty()) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(extraTrust)}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            // Only a broken JDK installation gets here; there is nothing the user can change.
            throw new IllegalStateException("cannot set up TLS for the mail servers: " + e.getMessage(), e);
        }
    }

    /** The JDK's PKIX trust manager over the default anchors plus {@code extraTrust}. */
    static X509TrustManager trustManager(List<X509Certificate> extraTrust) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            List<X509Certificate> all = new ArrayList<>(List.of(defaultTrustManager().getAcceptedIssuers()));
            all.addAll(extraTrust);
            for (int i = 0; i < all.size(); i++) {
                anchors.setCertificateEntry("anchor-" + i, all.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            return first(tmf.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            // Only a broken JDK installation gets here; there is nothing the user can change.
            throw new IllegalStateException("cannot set up TLS for the mail servers: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return first(tmf.getTrustManagers());
    }

    private static X509TrustManager first(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager tm : managers) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
