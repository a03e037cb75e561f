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

    /**
     * A line-oriented scanner fed with blocks: finds delimiter lines and their positions. Lines
     * that cannot be delimiters are skipped with a tight search for the next line feed.
     */
    private static final class Scanner {
        private final byte[] delimiter;
        private final List<long[]> found;
        private long position;        // absolute offset of the first byte of the next block
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
            int i = 0;
            while (i < n && !closed) {
                if (lineStart) {
                    lineStart = false;
                    matched = 0;
                    candidateStart = position + i - breakLength;
                    tail.setLength(0);
                }
                if (matched < 0) {
                    int j = i;
                    while (j < n && buf[j] != '\n') {
                        j++;
                    }
                    if (j == n) {
                        prev = buf[n - 1] & 0xff;
                        i = n;
                        break;
                    }
                    int before = j > 0 ? buf[j - 1] & 0xff : prev;
                    breakLength = before == '\r' ? 2 : 1;
                    prev = '\n';
                    lineStart = true;
                    i = j + 1;
                    continue;
                }
                int c = buf[i] & 0xff;
                if (c == '\n') {
                    endLine(position + i + 1);
                    breakLength = prev == '\r' ? 2 : 1;
                    lineStart = true;
                } else if (matched < delimiter.length) {
                    matched = (c == (delimiter[matched] & 0xff)) ? matched + 1 : -1;
                } else if (tail.length() < 80) {
                    tail.append((char) c);
                } else {
                    matched = -1;
                }
                prev = c;
                i++;
            }
            position += n;
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
