package org.sealpost.ca.keys;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.ca.CaException;

/** Reading chains out of a JCA KeyStore, shared by both implementations. */
final class KeyStores {
    private KeyStores() {
    }

    static List<X509Certificate> chain(KeyStore ks, String alias) throws CaException.KeyStoreFailure {
        try {
            Certificate[] chain = ks.getCertificateChain(alias);
            if (chain == null) {
                throw new CaException.KeyStoreFailure("no CA key '" + alias + "' in the key store");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : chain) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (KeyStoreException e) {
            throw new CaException.KeyStoreFailure("cannot read CA key store entry '" + alias + "'", e);
        }
    }
}
