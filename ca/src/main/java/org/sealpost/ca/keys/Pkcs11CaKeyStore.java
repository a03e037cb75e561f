package org.sealpost.ca.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.sealpost.ca.CaException;

/**
 * CA keys on a PKCS#11 token through the JDK's SunPKCS11 provider. Keys are generated on the token
 * by the provider's KeyPairGenerator and are non-extractable (see {@link Pkcs11Settings}); signing
 * goes through the same provider, so no key material ever reaches this process.
 */
public final class Pkcs11CaKeyStore implements CaKeyStore {
    private final Provider provider;
    private final KeyStore store;

    private Pkcs11CaKeyStore(Provider provider, KeyStore store) {
        this.provider = provider;
        this.store = store;
    }

    /** Configures a SunPKCS11 provider for the token and logs in with {@code pin}. */
    public static Pkcs11CaKeyStore open(Pkcs11Settings settings, char[] pin) throws CaException.KeyStoreFailure {
        Provider provider;
        try {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new CaException.KeyStoreFailure("this JDK has no SunPKCS11 provider");
            }
            provider = base.configure("--" + settings.sunPkcs11Config("sealpost-ca"));
        } catch (ProviderException | java.security.InvalidParameterException e) {
            throw new CaException.KeyStoreFailure("cannot open PKCS#11 module " + settings.library() + ": "
                    + rootMessage(e), e);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return new Pkcs11CaKeyStore(provider, ks);
        } catch (IOException e) {
            if (String.valueOf(rootMessage(e)).contains("CKR_PIN_INCORRECT")) {
                throw new CaException.KeyStoreFailure("wrong PKCS#11 token PIN");
            }
            throw new CaException.KeyStoreFailure("cannot log in to the PKCS#11 token: " + rootMessage(e), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaException.KeyStoreFailure("cannot open the PKCS#11 token: " + rootMessage(e), e);
        }
    }

    @Override
    public String type() {
        return "pkcs11";
    }

    /** The provider that signs with this token's keys. */
    public Provider provider() {
        return provider;
    }

    @Override
    public KeyPair generate(KeyAlgorithm algorithm) throws CaException.KeyStoreFailure {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.jcaName(), provider);
            g.initialize(algorithm.spec());
            return g.generateKeyPair();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaException.KeyStoreFailure("the token cannot generate a " + algorithm + " key: " + rootMessage(e), e);
        }
    }

    @Override
    public synchronized void put(String alias, KeyPair keyPair, List<X509Certificate> chain) throws CaException.KeyStoreFailure {
        try {
            // The key is already a token object; this labels it and stores the certificates beside it.
            store.setKeyEntry(alias, keyPair.getPrivate(), null, chain.toArray(Certificate[]::new));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaException.KeyStoreFailure("cannot store CA key '" + alias + "' on the token: " + rootMessage(e), e);
        }
    }

    @Override
    public synchronized boolean contains(String alias) throws CaException.KeyStoreFailure {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("cannot read the PKCS#11 token", e);
        }
    }

    @Override
    public synchronized CaSigner signer(String alias) throws CaException.KeyStoreFailure {
        try {
            Key key = store.getKey(alias, null);
            if (!(key instanceof PrivateKey pk)) {
                throw new CaException.KeyStoreFailure("no CA key '" + alias + "' on the PKCS#11 token");
            }
            return CaSigner.onProvider(pk, provider);
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("cannot read CA key '" + alias + "' from the token", e);
        }
    }

    @Override
    public synchronized List<X509Certificate> chain(String alias) throws CaException.KeyStoreFailure {
        return KeyStores.chain(store, alias);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Pkcs11CaKeyStore[" + provider.getName() + "]";
    }
}
