package org.sealpost.vault.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.vault.PrivateFiles;
import org.sealpost.vault.VaultException;

/**
 * A TLS identity in a PKCS#12 file (0600) under a password: the JDK's PKCS#12 with its defaults
 * (PBES2 with AES-256 and an HMAC-SHA-256 integrity check). Also readable by OpenSSL and keytool.
 */
public final class TlsKeyStoreFile {
    /** The alias of the one key entry. */
    public static final String ALIAS = "tls";

    private TlsKeyStoreFile() {
    }

    /**
     * Writes {@code identity} to {@code file}, replacing it atomically if it exists.
     *
     * @throws VaultException when it cannot be written
     */
    public static void write(Path file, Identity identity, char[] password) {
        byte[] bytes;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.privateKey(), password, identity.chain().toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            bytes = out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new VaultException("cannot make the PKCS#12 key store " + file + ": " + e.getMessage(), e);
        }
        PrivateFiles.replace(file, bytes);
    }

    /**
     * Reads the identity in {@code file}.
     *
     * @throws VaultException when the file is missing, unreadable, not PKCS#12, the password is wrong, or
     *                        it holds more or less than one key
     */
    public static Identity read(Path file, char[] password) {
        List<Identity> identities;
        try {
            identities = KeyMaterial.readPkcs12(file, password);
        } catch (KeyMaterialException e) {
            throw new VaultException("TLS key store " + e.getMessage());
        }
        if (identities.size() != 1) {
            throw new VaultException("TLS key store " + file + ": holds " + identities.size() + " keys; expected one");
        }
        return identities.getFirst();
    }
}
