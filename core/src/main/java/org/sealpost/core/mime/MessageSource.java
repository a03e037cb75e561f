package org.sealpost.core.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;

/**
 * A message that can be read more than once, from a file or from memory. Files are never loaded
 * into memory whole, which is what lets a 100 MB message pass through a small heap.
 */
public sealed interface MessageSource permits MessageSource.FileSource, MessageSource.BytesSource, MessageSource.Slice {

    /** A new stream over the whole message. */
    InputStream open() throws IOException;

    /** A new stream over the whole message that Jakarta Mail can slice without copying. */
    SharedInputStream openShared() throws IOException;

    /** Size in bytes. */
    long size() throws IOException;

    /** A part of this source, read in place (nothing is copied). */
    default MessageSource slice(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size()) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " outside a source of " + size() + " bytes");
        }
        return new Slice(this, offset, length);
    }

    static MessageSource of(Path file) {
        return new FileSource(file);
    }

    static MessageSource of(byte[] bytes) {
        return new BytesSource(bytes, 0, bytes.length);
    }

    /** A message in a file. */
    record FileSource(Path path) implements MessageSource {
        @Override
        public InputStream open() throws IOException {
            if (Files.isDirectory(path)) {
                // Opening a directory succeeds on Linux; only the first read fails, with no file name.
                throw new FileSystemException(path.toString(), null, "is a directory, not a message file");
            }
            return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        }

        @Override
        public SharedInputStream openShared() throws IOException {
            return new SharedFileInputStream(path.toFile(), 1 << 16);
        }

        @Override
        public long size() throws IOException {
            return Files.size(path);
        }
    }

    /** A message in (part of) an array. The array is not copied: callers must not change it afterwards. */
    record BytesSource(byte[] bytes, int offset, int length) implements MessageSource {
        public BytesSource {
            java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes, offset, length);
        }

        @Override
        public SharedInputStream openShared() {
            return new SharedByteArrayInputStream(bytes, offset, length);
        }

        @Override
        public long size() {
            return length;
        }
    }

    /** A byte range of another source, such as one part of a multipart body. */
    record Slice(MessageSource parent, long offset, long length) implements MessageSource {
        @Override
        public InputStream open() throws IOException {
            InputStream in = parent.open();
            in.skipNBytes(offset);
            return new BoundedInputStream(in, length);
        }

        @Override
        public SharedInputStream openShared() throws IOException {
            SharedInputStream root = parent.openShared();
            InputStream part = root.newStream(offset, offset + length);
            // The new stream keeps the underlying file or array open on its own.
            ((InputStream) root).close();
            return (SharedInputStream) part;
        }

        @Override
        public long size() {
            return length;
        }
    }
}
