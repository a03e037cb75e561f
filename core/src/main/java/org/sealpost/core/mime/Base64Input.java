package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Decodes a base64 body as a stream. Reads large blocks, drops line breaks and other characters
 * outside the base64 alphabet (as RFC 2045 requires of decoders), and decodes whole 4-character
 * groups with the JDK's block decoder, which is several times faster than
 * {@code Base64.getMimeDecoder().wrap()} on multi-megabyte messages.
 */
public final class Base64Input extends BlockInputStream {
    private static final int BLOCK = 1 << 14;
    private static final boolean[] ALPHABET = new boolean[256];

    static {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < chars.length(); i++) {
            ALPHABET[chars.charAt(i)] = true;
        }
    }

    private final InputStream in;
    private final byte[] raw = new byte[BLOCK];
    private final byte[] clean = new byte[BLOCK + 4];
    private int cleanLength;
    private boolean eof;
    private boolean padded;

    private Base64Input(InputStream in) {
        this.in = in;
    }

    public static InputStream decode(InputStream in) {
        return new Base64Input(in);
    }

    @Override
    protected byte[] nextBlock() throws IOException {
        if (eof) {
            return null;
        }
        int n = in.read(raw, 0, raw.length);
        if (n < 0) {
            eof = true;
            if (cleanLength % 4 == 1) {
                throw new IOException("truncated base64 body (a lone trailing character)");
            }
            byte[] last = decodeChunk(0, cleanLength);
            cleanLength = 0;
            return last;
        }
        for (int i = 0; i < n && !padded; i++) {
            int c = raw[i] & 0xff;
            if (c == '=') {
                padded = true;
            } else if (ALPHABET[c]) {
                clean[cleanLength++] = (byte) c;
            }
        }
        int whole = cleanLength - (cleanLength % 4);
        byte[] decoded = decodeChunk(0, whole);
        System.arraycopy(clean, whole, clean, 0, cleanLength - whole);
        cleanLength -= whole;
        return decoded;
    }

    private byte[] decodeChunk(int from, int to) throws IOException {
        if (to == from) {
            return new byte[0];
        }
        byte[] chunk = java.util.Arrays.copyOfRange(clean, from, to);
        try {
            return Base64.getDecoder().decode(chunk);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid base64 body: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
