package org.sealpost.vault.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.sealpost.core.keys.Identity;

/**
 * The TLS set-up both ends of the vault transport share: TLS 1.3 only (both ends are Sealpost, so
 * nothing older needs to be spoken), the own identity presented, the peer trusted by pin
 * ({@link PinnedTrustManager}).
 */
public final class MutualTls {
    /** The only protocol version offered or accepted. */
    public static final String PROTOCOL = "TLSv1.3";

    private MutualTls() {
    }

    /**
     * A context that presents {@code own} and trusts only the peers pinned in {@code peers}.
     *
     * @throws IllegalArgumentException when no peer is pinned
     */
    public static SSLContext context(Identity own, Collection<CertificatePin> peers) {
        PinnedTrustManager trust = new PinnedTrustManager(peers);
        // The key manager reads the key from a key store; this one lives only in memory, so its
        // password protects nothing and is a fixed placeholder.
        char[] inMemory = "in-memory".toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(TlsKeyStoreFile.ALIAS, own.privateKey(), inMemory, own.chain().toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(store, inMemory);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys.getKeyManagers(), new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Parameters for a client: TLS 1.3 only. */
    public static SSLParameters clientParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        return parameters;
    }
}
