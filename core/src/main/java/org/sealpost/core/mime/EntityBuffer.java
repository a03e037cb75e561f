package org.sealpost.core.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Collects an intermediate entity (a decrypted or unwrapped layer) in memory and moves it to a
 * private temporary file once it grows past a threshold, so large messages do not need a large heap.
 * Closing it deletes the temporary file.
 */
public final class EntityBuffer extends OutputStream implements AutoCloseable {
    private static final int DEFAULT_THRESHOLD = 4 << 20;
    private final int threshold;
    private Memory memory = new Memory();
    private Path file;
    private OutputStream fileOut;
    private boolean finished;

    public EntityBuffer() {
        this(DEFAULT_THRESHOLD);
    }

    public EntityBuffer(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("buffer already finished");
        }
        if (fileOut == null && memory.size() + len > threshold) {
            spill();
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            memory.write(b, off, len);
        }
    }

    private void spill() throws IOException {
        file = createPrivateTempFile();
        fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        memory.writeTo(fileOut);
        memory = null;
    }

    static Path createPrivateTempFile() throws IOException {
        try {
            return Files.createTempFile("sealpost-", ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("sealpost-", ".part");
        }
    }

    /** Ends writing and returns the collected bytes as a source. */
    public MessageSource toSource() throws IOException {
        if (!finished) {
            finished = true;
            if (fileOut != null) {
                fileOut.close();
            }
        }
        return file != null ? MessageSource.of(file) : memory.asSource();
    }

    /** The in-memory stage, handing its array out without a copy. */
    private static final class Memory extends ByteArrayOutputStream {
        Memory() {
            super(8192);
        }

        MessageSource asSource() {
            return new MessageSource.BytesSource(buf, 0, count);
        }
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null && !finished) {
            fileOut.close();
        }
        finished = true;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
