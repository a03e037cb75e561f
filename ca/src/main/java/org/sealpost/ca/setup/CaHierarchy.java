package org.sealpost.ca.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import org.sealpost.ca.CaException;
import org.sealpost.ca.keys.CaKeyStore;
import org.sealpost.ca.keys.Pkcs11CaKeyStore;
import org.sealpost.ca.keys.Pkcs12CaKeyStore;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;

/** Loads an existing CA hierarchy from {@code DIR/ca/}. */
public final class CaHierarchy {
    private CaHierarchy() {
    }

    /**
     * Loads root, issuing and TSA certificates and their keys.
     *
     * @param password the PKCS#12 password or PKCS#11 PIN
     * @throws CaException.KeyStoreFailure "wrong CA key store password", missing or damaged key store
     * @throws CaException.SetupFailure    no CA in the directory, a certificate file missing or unreadable
     */
    public static LoadedCa load(Path dataDir, char[] password) throws CaException {
        CaLayout layout = CaLayout.of(dataDir);
        CaProperties props = CaProperties.read(layout.properties());
        X509Certificate root = certificate(layout.rootCertificate());
        X509Certificate issuing = certificate(layout.issuingCertificate());
        X509Certificate tsa = certificate(layout.tsaCertificate());
        CaKeyStore keys = switch (props.keyStore()) {
            case KeyStoreChoice.Pkcs12 p -> Pkcs12CaKeyStore.open(layout.keyStore(), password, new SecureRandom());
            case KeyStoreChoice.Pkcs11 p -> Pkcs11CaKeyStore.open(p.settings(), password);
        };
        requireSame(keys, LoadedCa.ROOT, root);
        requireSame(keys, LoadedCa.ISSUING, issuing);
        requireSame(keys, LoadedCa.TSA, tsa);
        return new LoadedCa(props, root, issuing, tsa, keys.signer(LoadedCa.ROOT), keys.signer(LoadedCa.ISSUING),
                keys.signer(LoadedCa.TSA));
    }

    private static void requireSame(CaKeyStore keys, String alias, X509Certificate pem) throws CaException {
        List<X509Certificate> chain = keys.chain(alias);
        if (!chain.get(0).equals(pem)) {
            throw new CaException.SetupFailure("the key store's '" + alias + "' certificate differs from " + alias
                    + ".pem: the CA directory is inconsistent");
        }
    }

    private static X509Certificate certificate(Path file) throws CaException.SetupFailure {
        if (!Files.exists(file)) {
            throw new CaException.SetupFailure("CA certificate " + file + " is missing");
        }
        try {
            return KeyMaterial.readCertificate(file);
        } catch (KeyMaterialException e) {
            throw new CaException.SetupFailure("CA certificate " + file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
