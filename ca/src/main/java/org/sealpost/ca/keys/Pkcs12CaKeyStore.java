package org.sealpost.ca.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.sealpost.ca.CaException;

/**
 * CA keys in a password-protected PKCS#12 file (the JDK's default PBES2/AES-256 and HMAC-SHA-256
 * protection), written with POSIX mode 0600. Every change rewrites the file atomically, so a crash
 * never leaves half a key store.
 */
public final class Pkcs12CaKeyStore implements CaKeyStore {
    private final Path file;
    private final char[] password;
    private final KeyStore store;
    private final SecureRandom random;

    private Pkcs12CaKeyStore(Path file, char[] password, KeyStore store, SecureRandom random) {
        this.file = file;
        this.password = password.clone();
        this.store = store;
        this.random = random;
    }

    /** A new, empty key store that will be written to {@code file} (which must not exist yet). */
    public static Pkcs12CaKeyStore create(Path file, char[] password, SecureRandom random) throws CaException.KeyStoreFailure {
        if (Files.exists(file)) {
            throw new CaException.KeyStoreFailure(file + " already exists; refusing to overwrite a CA key store");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return new Pkcs12CaKeyStore(file, password, ks, random);
        } catch (GeneralSecurityException | IOException e) {
            throw new CaException.KeyStoreFailure("cannot create a PKCS#12 key store", e);
        }
    }

    /**
     * Opens an existing key store. Wrong password, missing file and a damaged file are told apart.
     */
    public static Pkcs12CaKeyStore open(Path file, char[] password, SecureRandom random) throws CaException.KeyStoreFailure {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return new Pkcs12CaKeyStore(file, password, ks, random);
        } catch (NoSuchFileException e) {
            throw new CaException.KeyStoreFailure("CA key store " + file + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new CaException.KeyStoreFailure("wrong CA key store password");
            }
            throw new CaException.KeyStoreFailure("CA key store " + file + " is damaged or not PKCS#12", e);
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("CA key store " + file + " is damaged or not PKCS#12", e);
        } catch (RuntimeException e) {
            // The JDK's PKCS#12 parser throws unchecked exceptions on some truncations.
            throw new CaException.KeyStoreFailure("CA key store " + file + " is damaged or not PKCS#12", e);
        }
    }

    @Override
    public String type() {
        return "pkcs12";
    }

    @Override
    public KeyPair generate(KeyAlgorithm algorithm) throws CaException.KeyStoreFailure {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.jcaName());
            g.initialize(algorithm.spec(), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("cannot generate a " + algorithm + " key", e);
        }
    }

    @Override
    public synchronized void put(String alias, KeyPair keyPair, List<X509Certificate> chain) throws CaException.KeyStoreFailure {
        try {
            store.setKeyEntry(alias, keyPair.getPrivate(), password, chain.toArray(Certificate[]::new));
            write();
        } catch (GeneralSecurityException | IOException e) {
            throw new CaException.KeyStoreFailure("cannot store CA key '" + alias + "' in " + file, e);
        }
    }

    @Override
    public synchronized boolean contains(String alias) throws CaException.KeyStoreFailure {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("cannot read CA key store " + file, e);
        }
    }

    @Override
    public synchronized CaSigner signer(String alias) throws CaException.KeyStoreFailure {
        try {
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey pk)) {
                throw new CaException.KeyStoreFailure("no CA key '" + alias + "' in " + file);
            }
            return CaSigner.software(pk);
        } catch (UnrecoverableKeyException e) {
            throw new CaException.KeyStoreFailure("wrong CA key store password");
        } catch (GeneralSecurityException e) {
            throw new CaException.KeyStoreFailure("cannot read CA key '" + alias + "' from " + file, e);
        }
    }

    @Override
    public synchronized List<X509Certificate> chain(String alias) throws CaException.KeyStoreFailure {
        return KeyStores.chain(store, alias);
    }

    private void write() throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ca-keys", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forgets the password held by this object. */
    public void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "Pkcs12CaKeyStore[" + file + "]";
    }
}
