package org.sealpost.core.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import org.sealpost.core.MalformedMessageException;

/**
 * The header block of a message or MIME entity, kept byte for byte, plus {@link #bodyOffset()}:
 * where the body starts in the source. Bounded, so a message with a huge header block is refused
 * instead of exhausting memory.
 */
public final class EntityHeaders {
    /** Largest header block accepted. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int MAX_FIELDS = 10_000;

    private final List<HeaderField> fields;
    private final long bodyOffset;

    private EntityHeaders(List<HeaderField> fields, long bodyOffset) {
        this.fields = List.copyOf(fields);
        this.bodyOffset = bodyOffset;
    }

    /** Reads the header block from the start of {@code in}, leaving it positioned at the body. */
    public static EntityHeaders read(InputStream in) throws IOException, MalformedMessageException {
        return read(in, false);
    }

    /**
     * Reads the header block of a body part or of the entity inside an S/MIME layer, which may be
     * empty: a part that starts with a blank line has no header fields and takes every default
     * (RFC 2046 section 5.1.1). A message itself still needs header fields.
     */
    public static EntityHeaders readPart(InputStream in) throws IOException, MalformedMessageException {
        return read(in, true);
    }

    private static EntityHeaders read(InputStream in, boolean mayBeEmpty) throws IOException, MalformedMessageException {
        List<HeaderField> fields = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        StringBuilder current = null;
        String currentName = null;
        long consumed = 0;
        while (true) {
            line.reset();
            int c;
            boolean eof = false;
            while (true) {
                c = in.read();
                if (c < 0) {
                    eof = true;
                    break;
                }
                consumed++;
                if (consumed > MAX_HEADER_BYTES) {
                    throw new MalformedMessageException("the header block is larger than " + MAX_HEADER_BYTES + " bytes");
                }
                if (c == '\n') {
                    break;
                }
                line.write(c);
            }
            byte[] bytes = line.toByteArray();
            int len = bytes.length;
            if (len > 0 && bytes[len - 1] == '\r') {
                len--;
            }
            String text = new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                if (current != null) {
                    fields.add(new HeaderField(currentName, current.toString()));
                }
                break;
            }
            if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
                if (current == null) {
                    throw new MalformedMessageException("the message starts with a continuation line, not a header field");
                }
                current.append("\r\n").append(text);
            } else {
                int colon = text.indexOf(':');
                if (colon <= 0 || !isFieldName(text.substring(0, colon))) {
                    throw new MalformedMessageException("header line " + (fields.size() + 1)
                            + " is not a header field (expected 'Name: value')");
                }
                if (current != null) {
                    fields.add(new HeaderField(currentName, current.toString()));
                }
                if (fields.size() >= MAX_FIELDS) {
                    throw new MalformedMessageException("more than " + MAX_FIELDS + " header fields");
                }
                currentName = text.substring(0, colon).trim();
                current = new StringBuilder(text);
            }
            if (eof) {
                if (current != null) {
                    fields.add(new HeaderField(currentName, current.toString()));
                }
                break;
            }
        }
        if (fields.isEmpty() && !mayBeEmpty) {
            throw new MalformedMessageException("no header fields: not an RFC 5322 message or MIME entity");
        }
        return new EntityHeaders(fields, consumed);
    }

    /** Reads the header block of a whole source. */
    public static EntityHeaders read(MessageSource source) throws IOException, MalformedMessageException {
        try (InputStream in = source.open()) {
            return read(in);
        }
    }

    /** Reads the header block of a body part held in a source; see {@link #readPart(InputStream)}. */
    public static EntityHeaders readPart(MessageSource source) throws IOException, MalformedMessageException {
        try (InputStream in = source.open()) {
            return readPart(in);
        }
    }

    private static boolean isFieldName(String name) {
        String n = name.stripTrailing();
        if (n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            if (ch <= 32 || ch >= 127) {
                return false;
            }
        }
        return true;
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /** Offset of the first body byte in the source this was read from. */
    public long bodyOffset() {
        return bodyOffset;
    }

    /** The unfolded value of the first field with this name. */
    public Optional<String> get(String name) {
        return fields.stream().filter(f -> f.is(name)).findFirst().map(HeaderField::value);
    }

    /** The fields that match, in order. */
    public List<HeaderField> select(Predicate<HeaderField> filter) {
        return fields.stream().filter(filter).toList();
    }

    /** The Content-Type, defaulting to text/plain; charset=us-ascii as RFC 2045 says. */
    public ContentType contentType() throws MalformedMessageException {
        Optional<String> raw = get("Content-Type");
        if (raw.isEmpty() || raw.get().isBlank()) {
            try {
                return new ContentType("text/plain; charset=us-ascii");
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return new ContentType(raw.get());
        } catch (ParseException e) {
            throw new MalformedMessageException("the Content-Type header cannot be parsed: " + shorten(raw.get()));
        }
    }

    /** The raw Content-Type value, if any. */
    public Optional<String> rawContentType() {
        return get("Content-Type");
    }

    /** Content-Transfer-Encoding, lower case, "7bit" when absent. */
    public String transferEncoding() {
        return get("Content-Transfer-Encoding").map(v -> v.trim().toLowerCase(java.util.Locale.ROOT)).orElse("7bit");
    }

    /** The first address of the From header, lower case, if there is a parseable one. */
    public Optional<String> fromAddress() {
        Optional<String> from = get("From");
        if (from.isEmpty()) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(MimeUtility.unfold(from.get()), false);
            if (addresses.length == 0 || addresses[0].getAddress() == null) {
                return Optional.empty();
            }
            return Optional.of(addresses[0].getAddress().toLowerCase(java.util.Locale.ROOT));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** Writes the fields that match, each ending in CRLF, without the blank line. */
    public void writeFields(OutputStream out, Predicate<HeaderField> filter) throws IOException {
        for (HeaderField f : fields) {
            if (filter.test(f)) {
                out.write(f.raw().getBytes(StandardCharsets.ISO_8859_1));
                out.write(MimeOutput.CRLF);
            }
        }
    }

    /** A header value fit for a one-line message: folding and control characters shown as spaces, at most 80 chars. */
    static String shorten(String s) {
        String line = s.replaceAll("\\p{Cc}+", " ");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
