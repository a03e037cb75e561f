package org.sealpost.vault;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Files only their owner may read: directories are created 0700 and files 0600 from the start, so
 * there is never a moment with wider permissions. On a file system without POSIX permissions the
 * modes are left to it.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} (0700) and its parents, unless it exists.
     *
     * @throws VaultException when it cannot be created
     */
    public static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            if (!Files.isDirectory(dir)) {
                if (posix(dir)) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(EnumSet.of(
                            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
                } else {
                    Files.createDirectory(dir);
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new 0600 file.
     *
     * @throws VaultException when it exists (never replaced) or cannot be written
     */
    public static void createNew(Path file, byte[] content) {
        try {
            create(file);
            Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(file + " already exists: refusing to replace it");
        } catch (IOException e) {
            throw new VaultException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a 0600 file through a temporary file beside it and an atomic rename: a reader sees the
     * old content or the new, never a part.
     *
     * @throws VaultException when it cannot be written
     */
    public static void replace(Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            create(tmp);
            Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error below is what the caller needs
            }
            throw new VaultException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null;
    }
}
