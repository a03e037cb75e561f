package org.sealpost.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileSystems;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The password of the embedded database. H2's auto-server mode serves the file to other local
 * processes over a TCP port that listens on every interface; without a password anyone who can
 * reach the port and read the (world-readable by default) lock file could rewrite the CA's records.
 * So a new embedded database gets a random password in {@code DIR/db/credentials} (0600), and its
 * directory is private (0700).
 */
final class EmbeddedCredentials {
    static final String FILE = "credentials";

    private EmbeddedCredentials() {
    }

    /**
     * The password for the database in {@code dbDir}: read from the credentials file; generated into
     * it when neither it nor the database exists yet; null for a database made before passwords.
     */
    static char[] password(Path dbDir) {
        Path credentials = dbDir.resolve(FILE);
        try {
            if (Files.isRegularFile(credentials)) {
                return read(credentials);
            }
            if (Files.exists(dbDir.resolve("sealpost.mv.db"))) {
                return null;
            }
            createPrivateDirectory(dbDir.getParent());
            createPrivateDirectory(dbDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.writeString(Files.createFile(credentials, owner()), password + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // Another process created the database at the same moment: use its password.
            }
            return read(credentials);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded database in " + dbDir + ": " + e.getMessage(), e);
        }
    }

    private static char[] read(Path credentials) throws IOException {
        return Files.readString(credentials, StandardCharsets.US_ASCII).strip().toCharArray();
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    private static FileAttribute<?>[] owner() {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
