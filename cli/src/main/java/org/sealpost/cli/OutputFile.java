package org.sealpost.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a result file atomically: into a private temporary file beside the target, renamed over
 * the target only when the command succeeded. A failed or interrupted command leaves no partial
 * (possibly unauthenticated) output behind.
 */
public final class OutputFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private OutputFile(Path target) throws IOException, CliException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        // Checked here so that the message names the output, not the temporary file beside it.
        if (Files.isDirectory(this.target)) {
            throw new CliException(ExitCodes.USAGE, target + ": is a directory; give a file name for the output");
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.USAGE, target + ": directory " + dir + " does not exist");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        }
        this.temp = tmp;
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
    }

    public static OutputFile create(Path target) throws IOException, CliException {
        return new OutputFile(target);
    }

    public OutputStream stream() {
        return out;
    }

    /** Makes the output visible under its final name. */
    public void commit() throws IOException {
        out.close();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
