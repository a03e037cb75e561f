package org.sealpost.vault;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A KEK on a PKCS#11 token, through the JDK's SunPKCS11 provider: an AES-256 key generated on the
 * token as a sensitive, non-extractable token object, labelled {@link Pkcs11Settings#keyLabel()}.
 * AES-GCM (CKM_AES_GCM) runs on the token, so the key never reaches this process. Tested with SoftHSM 2.
 */
public final class Pkcs11Kek implements Kek {
    private final Provider provider;
    private final SecretKey key;
    private final SecureRandom random;

    private Pkcs11Kek(Provider provider, SecretKey key, SecureRandom random) {
        this.provider = provider;
        this.key = key;
        this.random = random;
    }

    /**
     * Generates a new AES-256 KEK on the token.
     *
     * @throws VaultException when the token cannot be opened, the PIN is wrong, a key with the label
     *                        already exists, or the token cannot generate the key
     */
    public static Pkcs11Kek generate(Pkcs11Settings settings, char[] pin, SecureRandom random) {
        Provider provider = provider(settings);
        KeyStore store = login(provider, settings, pin);
        try {
            if (store.containsAlias(settings.keyLabel())) {
                throw new VaultException("the PKCS#11 token already holds a key labelled '" + settings.keyLabel()
                        + "': refusing to replace it");
            }
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256, random);
            SecretKey generated = generator.generateKey();
            // The key is already a token object; this gives it the label the vault finds it by.
            store.setEntry(settings.keyLabel(), new KeyStore.SecretKeyEntry(generated), null);
            Key labelled = store.getKey(settings.keyLabel(), null);
            if (!(labelled instanceof SecretKey secret)) {
                throw new VaultException("the PKCS#11 token did not keep the generated key '" + settings.keyLabel() + "'");
            }
            Pkcs11Kek kek = new Pkcs11Kek(provider, secret, random);
            kek.selfTest();
            return kek;
        } catch (GeneralSecurityException | ProviderException e) {
            throw new VaultException("the PKCS#11 token cannot generate an AES-256 key: " + rootMessage(e), e);
        }
    }

    /**
     * Finds the KEK on the token.
     *
     * @throws VaultException when the token cannot be opened, the PIN is wrong, or there is no such key
     */
    public static Pkcs11Kek open(Pkcs11Settings settings, char[] pin, SecureRandom random) {
        Provider provider = provider(settings);
        KeyStore store = login(provider, settings, pin);
        try {
            Key key = store.getKey(settings.keyLabel(), null);
            if (!(key instanceof SecretKey secret)) {
                throw new VaultException("no vault key '" + settings.keyLabel() + "' on the PKCS#11 token");
            }
            return new Pkcs11Kek(provider, secret, random);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new VaultException("cannot read the vault key '" + settings.keyLabel() + "' from the PKCS#11 token: "
                    + rootMessage(e), e);
        }
    }

    private static Provider provider(Pkcs11Settings settings) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new VaultException("this JDK has no SunPKCS11 provider");
        }
        try {
            return base.configure("--" + settings.sunPkcs11Config("sealpost-vault"));
        } catch (ProviderException | java.security.InvalidParameterException e) {
            throw new VaultException("cannot open PKCS#11 module " + settings.library() + ": " + rootMessage(e), e);
        }
    }

    private static KeyStore login(Provider provider, Pkcs11Settings settings, char[] pin) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return ks;
        } catch (IOException e) {
            if (String.valueOf(rootMessage(e)).contains("CKR_PIN_INCORRECT")) {
                throw new VaultException("wrong PKCS#11 token PIN");
            }
            throw new VaultException("cannot log in to the PKCS#11 token: " + rootMessage(e), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new VaultException("cannot open the PKCS#11 token: " + rootMessage(e), e);
        }
    }

    /** A key the token stores but cannot use for GCM is found at init, not at the first share. */
    private void selfTest() {
        byte[] probe = {1, 2, 3};
        byte[] aad = {4};
        try {
            if (!Arrays.equals(open(seal(probe, aad), aad), probe)) {
                throw new VaultException("the PKCS#11 token's AES-GCM does not round-trip");
            }
        } catch (AEADBadTagException e) {
            throw new VaultException("the PKCS#11 token's AES-GCM does not round-trip", e);
        }
    }

    @Override
    public String type() {
        return "pkcs11";
    }

    /** The provider that uses this token's key. */
    public Provider provider() {
        return provider;
    }

    /** The key handle (a sensitive token key: {@code getEncoded()} is null). */
    SecretKey key() {
        return key;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException | ProviderException e) {
            throw new VaultException("AES-GCM encryption on the PKCS#11 token failed: " + rootMessage(e), e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("sealed value too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException | ProviderException e) {
            // Some tokens report a wrong tag as a generic failure (CKR_ENCRYPTED_DATA_INVALID).
            String reason = rootMessage(e);
            if (reason.contains("CKR_ENCRYPTED_DATA_INVALID") || reason.contains("CKR_ENCRYPTED_DATA_LEN_RANGE")
                    || reason.contains("CKR_SIGNATURE_INVALID")) {
                AEADBadTagException bad = new AEADBadTagException("tag mismatch (" + reason + ")");
                bad.initCause(e);
                throw bad;
            }
            throw new VaultException("AES-GCM decryption on the PKCS#11 token failed: " + reason, e);
        }
    }

    @Override
    public void close() {
        // The key stays on the token; the provider's session is released with the process.
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Pkcs11Kek[" + provider.getName() + "]";
    }
}
