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

    public CanonicalOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        int end = off + len;
        int i = off;
        if (last == '\r') {
            if (b[off] == '\n') {
                i++; // the LF of a CRLF split across two writes
            } else {
                out.write('\n');
            }
        }
        // Copy runs that are already canonical in one write; only lone CR and LF need work.
        int runStart = off;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                if (i + 1 < end) {
                    if (b[i + 1] == '\n') {
                        i++;
                    } else {
                        out.write(b, runStart, i + 1 - runStart);
                        out.write('\n');
                        runStart = i + 1;
                    }
                }
            } else if (c == '\n') {
                out.write(b, runStart, i - runStart);
                out.write('\r');
                runStart = i;
            }
        }
        out.write(b, runStart, end - runStart);
        last = b[end - 1];
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
