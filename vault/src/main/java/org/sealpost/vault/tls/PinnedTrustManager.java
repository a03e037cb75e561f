package org.sealpost.vault.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the peers whose certificate's SHA-256 is pinned. A pinned certificate must also be
 * within its validity period, and is then handed to the JDK's own PKIX trust manager as the one trust
 * anchor, so the JDK still applies its usual checks: key usage and extended key usage for the TLS
 * role, algorithm constraints and, when the connection asks for it (the JDK's HTTP client does), the
 * host name against the subject alternative names. Nothing else is trusted: no CA, no system trust store.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final Set<CertificatePin> pins;

    /**
     * @throws IllegalArgumentException when no pin is given (that would trust nobody and fail every handshake)
     */
    public PinnedTrustManager(Collection<CertificatePin> pins) {
        this.pins = Set.copyOf(pins);
        if (this.pins.isEmpty()) {
            throw new IllegalArgumentException("no certificate is pinned");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        anchoredOn(pinned(chain)).checkClientTrusted(leaf(chain), authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        anchoredOn(pinned(chain)).checkClientTrusted(leaf(chain), authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredOn(pinned(chain)).checkClientTrusted(leaf(chain), authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        anchoredOn(pinned(chain)).checkServerTrusted(leaf(chain), authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        anchoredOn(pinned(chain)).checkServerTrusted(leaf(chain), authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredOn(pinned(chain)).checkServerTrusted(leaf(chain), authType);
    }

    /** None: the peer is known by its pin, not by an issuer (a client then offers the one identity it has). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** Whether {@code certificate} is one of the pinned ones. */
    public boolean trusts(X509Certificate certificate) {
        return pins.contains(CertificatePin.of(certificate));
    }

    private X509Certificate pinned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        X509Certificate leaf = chain[0];
        CertificatePin pin = CertificatePin.of(leaf);
        if (!pins.contains(pin)) {
            throw new CertificateException("the peer's certificate (SHA-256 " + pin + ") is not pinned");
        }
        leaf.checkValidity();
        return leaf;
    }

    private static X509Certificate[] leaf(X509Certificate[] chain) {
        return new X509Certificate[] {chain[0]};
    }

    private static X509ExtendedTrustManager anchoredOn(X509Certificate certificate) throws CertificateException {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("pinned", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CertificateException("cannot check the pinned certificate: " + e.getMessage(), e);
        }
    }
}
