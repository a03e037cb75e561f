package org.sealpost.ca.keys;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.sealpost.ca.CaException;

/**
 * Where the CA's private keys live. One contract for a software key store and a hardware token, so
 * that issuance never knows which one it signs with.
 */
public interface CaKeyStore {
    /** {@code pkcs12} or {@code pkcs11}, as recorded in ca.properties. */
    String type();

    /**
     * Generates a key pair where the store keeps keys: in memory for a software store, on the token
     * (non-extractable) for PKCS#11. The key is not yet stored: {@link #put} it with its certificate.
     */
    KeyPair generate(KeyAlgorithm algorithm) throws CaException.KeyStoreFailure;

    /** Stores (or replaces) the key under {@code alias} with its certificate chain, leaf first, and persists it. */
    void put(String alias, KeyPair keyPair, List<X509Certificate> chain) throws CaException.KeyStoreFailure;

    /** Whether a key is stored under {@code alias}. */
    boolean contains(String alias) throws CaException.KeyStoreFailure;

    /** The signing handle of the key under {@code alias}. */
    CaSigner signer(String alias) throws CaException.KeyStoreFailure;

    /** The certificate chain stored with the key under {@code alias}, leaf first. */
    List<X509Certificate> chain(String alias) throws CaException.KeyStoreFailure;
}
