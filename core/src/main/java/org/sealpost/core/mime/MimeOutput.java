package org.sealpost.core.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Small building blocks for writing MIME: lines, boundaries, base64 bodies. */
public final class MimeOutput {
    public static final byte[] CRLF = {'\r', '\n'};

    private MimeOutput() {
    }

    /** Writes one header or text line followed by CRLF. */
    public static void line(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
    }

    /** A boundary no message body will contain by chance (128 random bits). */
    public static String newBoundary(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return "----=_sealpost_" + HexFormat.of().formatHex(b);
    }

    /**
     * A stream that base64-encodes into {@code out} in 76-column CRLF lines; closing it ends the
     * last line with CRLF but leaves {@code out} open.
     */
    public static OutputStream base64Body(OutputStream target) {
        OutputStream shield = new KeepOpen(target);
        OutputStream enc = Base64.getMimeEncoder(76, CRLF).wrap(shield);
        return new FilterOutputStream(enc) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                enc.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    enc.close();
                    target.write(CRLF);
                }
            }
        };
    }

    /** Wraps a stream so that closing the wrapper only flushes it. */
    public static OutputStream keepOpen(OutputStream out) {
        return new KeepOpen(out);
    }

    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
