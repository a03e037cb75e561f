package org.sealpost.vault.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.sealpost.vault.PrivateFiles;
import org.sealpost.vault.VaultException;

/**
 * A key store password made for an operator who gave none: 192 random bits (base64url) in a 0600
 * file beside the key store, as the CA does for its keys. Convenient, but whoever reads the directory
 * holds the key; production gives the password through an environment variable instead.
 */
public final class GeneratedPasswords {
    private static final int BYTES = 24;

    private GeneratedPasswords() {
    }

    /**
     * Makes a password and writes it to {@code file} (never replacing one).
     *
     * @throws VaultException when the file exists or cannot be written
     */
    public static char[] create(Path file, SecureRandom random) {
        byte[] raw = new byte[BYTES];
        random.nextBytes(raw);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(raw);
        byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
        line[encoded.length] = '\n';
        try {
            PrivateFiles.createNew(file, line);
            char[] password = new char[encoded.length];
            for (int i = 0; i < encoded.length; i++) {
                password[i] = (char) encoded[i];
            }
            return password;
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(line, (byte) 0);
        }
    }

    /**
     * The password in {@code file}.
     *
     * @param missing the message when there is no such file (names what the operator must set instead)
     * @throws VaultException when the file is missing, empty or unreadable
     */
    public static char[] read(Path file, String missing) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VaultException(missing);
        } catch (IOException e) {
            throw new VaultException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
        try {
            String text = new String(bytes, StandardCharsets.US_ASCII).strip();
            if (text.isEmpty()) {
                throw new VaultException("the password file " + file + " is empty");
            }
            return text.toCharArray();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
