package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that produces its bytes a block at a time (a decoder, a cipher) and hands them
 * out to readers of any size.
 */
public abstract class BlockInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];
    private byte[] block = NONE;
    private int position;
    private boolean ended;

    /** The next block; an empty one when more input is needed first, null at the end of the stream. */
    protected abstract byte[] nextBlock() throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position >= block.length) {
            if (ended) {
                return -1;
            }
            byte[] next = nextBlock();
            if (next == null) {
                ended = true;
                return -1;
            }
            block = next;
            position = 0;
        }
        int n = Math.min(len, block.length - position);
        System.arraycopy(block, position, b, off, n);
        position += n;
        return n;
    }
}
