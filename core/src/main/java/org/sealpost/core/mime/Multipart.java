package org.sealpost.core.mime;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.MalformedMessageException;

/**
 * Splits a multipart body into its parts (RFC 2046 section 5.1.1) as slices of the source: each
 * part is its exact bytes, headers included, read in place and never copied, which is what a
 * detached signature is checked over. One pass over the body, a few nanoseconds a byte.
 */
public final class Multipart {
    private static final int MAX_BOUNDARY = 70;
    private static final int MAX_PARTS = 10_000;

    private Multipart() {
    }

    /** The parts of a multipart entity, in order. */
    public static List<MessageSource> parts(Entity entity) throws MalformedMessageException, IOException {
        String boundary = entity.contentType().getParameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MalformedMessageException("the " + entity.baseType() + " entity has no valid boundary parameter");
        }
        return split(entity.source(), entity.headers().bodyOffset(), boundary);
    }

    private static List<MessageSource> split(MessageSource source, long bodyOffset, String boundary)
            throws MalformedMessageException, IOException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<long[]> delimiters = new ArrayList<>(); // {start of the line break before it, end of its line, close?}
        long size = source.size();
        try (InputStream in = source.open()) {
            try {
                in.skipNBytes(bodyOffset);
            } catch (EOFException e) {
                throw new MalformedMessageException("the multipart body is empty");
            }
            Scanner scanner = new Scanner(delimiter, bodyOffset, delimiters);
            byte[] buf = new byte[1 << 16];
            int n;
            while (!scanner.closed && (n = in.read(buf)) > 0) {
                scanner.feed(buf, n);
            }
            scanner.finish();
        }
        if (delimiters.isEmpty()) {
            throw new MalformedMessageException("the multipart body holds no boundary line");
        }
        List<MessageSource> parts = new ArrayList<>();
        for (int i = 0; i < delimiters.size(); i++) {
            long[] d = delimiters.get(i);
            if (d[2] == 1) {
                break;
            }
            long start = d[1];
            long end = i + 1 < delimiters.size() ? delimiters.get(i + 1)[0] : size;
            parts.add(source.slice(start, Math.max(0, end - start)));
            if (parts.size() > MAX_PARTS) {
                throw new MalformedMessageException("more than " + MAX_PARTS + " body parts");
            }
        }
        return parts;
    }

    /** A line-oriented state machine fed with blocks: finds delimiter lines and their positions. */
    private static final class Scanner {
        private final byte[] delimiter;
        private final List<long[]> found;
        private long position;
        private boolean lineStart = true;
        private int breakLength;      // length of the line break that ended the previous line (0 at the body start)
        private int prev = -1;
        private int matched = -1;     // bytes of the delimiter matched on this line; -1 when the line is not a candidate
        private long candidateStart;
        private final StringBuilder tail = new StringBuilder();
        boolean closed;

        Scanner(byte[] delimiter, long start, List<long[]> found) {
            this.delimiter = delimiter;
            this.position = start;
            this.found = found;
        }

        void feed(byte[] buf, int n) {
            for (int i = 0; i < n && !closed; i++) {
                int c = buf[i] & 0xff;
                if (lineStart) {
                    lineStart = false;
                    matched = 0;
                    candidateStart = position - breakLength;
                    tail.setLength(0);
                }
                if (c == '\n') {
                    endLine(position + 1);
                    breakLength = prev == '\r' ? 2 : 1;
                    lineStart = true;
                } else if (matched >= 0) {
                    if (matched < delimiter.length) {
                        matched = (c == (delimiter[matched] & 0xff)) ? matched + 1 : -1;
                    } else if (tail.length() < 80) {
                        tail.append((char) c);
                    } else {
                        matched = -1;
                    }
                }
                prev = c;
                position++;
            }
        }

        void finish() {
            if (!closed && !lineStart) {
                endLine(position);
            }
        }

        private void endLine(long lineEnd) {
            if (matched == delimiter.length) {
                String rest = tail.toString();
                boolean close = rest.startsWith("--");
                String padding = close ? rest.substring(2) : rest;
                if (padding.isBlank()) {
                    found.add(new long[] {candidateStart, lineEnd, close ? 1 : 0});
                    closed = close;
                }
            }
            matched = -1;
        }
    }
}
