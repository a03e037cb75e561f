package org.sealpost.ca.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.sealpost.ca.CaException;
import org.sealpost.ca.setup.CaLayout;

/**
 * Finds the secret that opens an existing CA's keys: the one the operator gives (the
 * {@code SEALPOST_CA_PASSWORD} environment variable), else the password generated into
 * {@code DIR/ca/ca-password} when the CA was created without one.
 */
public final class CaPasswords {
    /** The environment variable holding the CA key store password or PKCS#11 PIN. */
    public static final String ENVIRONMENT_VARIABLE = "SEALPOST_CA_PASSWORD";

    private CaPasswords() {
    }

    /** The operator's password from the environment, if set and not empty. */
    public static Optional<char[]> fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value.toCharArray());
    }

    /**
     * The secret for the CA in {@code dataDir}.
     *
     * @throws CaException.KeyStoreFailure when none is given and no generated password file exists
     */
    public static char[] forExisting(Path dataDir, Optional<char[]> given) throws CaException.KeyStoreFailure {
        if (given.isPresent()) {
            return given.get();
        }
        Path file = CaLayout.of(dataDir).generatedPassword();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new CaException.KeyStoreFailure(file + " is empty; set " + ENVIRONMENT_VARIABLE);
            }
            return text.toCharArray();
        } catch (NoSuchFileException e) {
            throw new CaException.KeyStoreFailure("no CA password: set " + ENVIRONMENT_VARIABLE
                    + " (the CA in " + dataDir + " was not created with a generated password file)");
        } catch (IOException e) {
            throw new CaException.KeyStoreFailure("cannot read the CA password file " + file + ": " + e.getMessage());
        }
    }
}
