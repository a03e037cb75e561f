package org.sealpost.core.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Converts line endings to the canonical CRLF of RFC 5322 / RFC 8551 while copying: a lone LF or a
 * lone CR becomes CRLF, an existing CRLF is kept. Works on whole buffers because signing streams
 * many megabytes through it.
 */
public final class CanonicalOutputStream extends FilterOutputStream {
    private int last = -1;
    private final byte[] buf = new byte[16384];

    public CanonicalOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int n = 0;
        for (int i = off; i < off + len; i++) {
            if (n >= buf.length - 2) {
                out.write(buf, 0, n);
                n = 0;
            }
            byte c = b[i];
            if (c == '\n') {
                if (last != '\r') {
                    buf[n++] = '\r';
                }
                buf[n++] = '\n';
            } else {
                if (last == '\r') {
                    buf[n++] = '\n';
                }
                buf[n++] = c;
            }
            last = c;
        }
        if (n > 0) {
            out.write(buf, 0, n);
        }
    }

    /** Completes a trailing lone CR, then flushes. Does not close the underlying stream. */
    public void finish() throws IOException {
        if (last == '\r') {
            out.write('\n');
            last = '\n';
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }
}
