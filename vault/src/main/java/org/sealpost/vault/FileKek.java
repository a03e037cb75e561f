package org.sealpost.vault;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A KEK kept in a key file: 32 random bytes, nothing else, in a file only its owner may read (0600).
 * {@link #load} refuses a file that its group or others may read or write, and a file of the wrong length.
 * AES-GCM is done by the JDK (SunJCE).
 */
public final class FileKek implements Kek {
    /** Length of the key and of the key file. */
    public static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] key;
    private final SecureRandom random;
    private volatile boolean closed;

    private FileKek(byte[] key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    /**
     * Makes a new random key and writes it to {@code file}, created with mode 0600 (never replaced).
     *
     * @throws VaultException when the file exists or cannot be written
     */
    public static FileKek create(Path file, SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean posix = Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null;
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.write(file, key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            Arrays.fill(key, (byte) 0);
            throw new VaultException(file + " already exists: refusing to replace a key-encryption key");
        } catch (IOException e) {
            Arrays.fill(key, (byte) 0);
            throw new VaultException("cannot write the key file " + file + ": " + e.getMessage(), e);
        }
        return new FileKek(key, random);
    }

    /**
     * Reads the key from {@code file}.
     *
     * @throws VaultException when the file is missing, readable or writable by group or others, or
     *                        not exactly 32 bytes long
     */
    public static FileKek load(Path file, SecureRandom random) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                Set<PosixFilePermission> extra = EnumSet.copyOf(perms);
                extra.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!extra.isEmpty()) {
                    throw new VaultException("refusing to use the key file " + file + ": its mode is "
                            + PosixFilePermissions.toString(perms) + ", but it must be readable by its owner only (chmod 600 "
                            + file + ")");
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw new VaultException("the key file " + file + " is not a vault key: expected " + KEY_BYTES
                        + " bytes, found " + key.length);
            }
            return new FileKek(key, random);
        } catch (NoSuchFileException e) {
            throw new VaultException("the key file " + file + " does not exist (run 'sealpost vault init' first)");
        } catch (IOException e) {
            throw new VaultException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce);
            c.updateAAD(aad);
            byte[] out = new byte[NONCE_BYTES + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("sealed value too short");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        if (closed) {
            throw new IllegalStateException("the key-encryption key is closed");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return c;
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "FileKek[***]";
    }
}
