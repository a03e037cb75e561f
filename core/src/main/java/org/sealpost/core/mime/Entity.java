package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import jakarta.mail.internet.ContentType;
import org.sealpost.core.MalformedMessageException;

/** A message or MIME entity: its parsed header block and a way to read its body again. */
public record Entity(MessageSource source, EntityHeaders headers) {

    /** Parses the header block of a source. */
    public static Entity parse(MessageSource source) throws IOException, MalformedMessageException {
        return new Entity(source, EntityHeaders.read(source));
    }

    /**
     * Parses a body part or the entity inside an S/MIME layer, whose header block may be empty
     * (RFC 2046 section 5.1.1: text/plain with every default).
     */
    public static Entity parsePart(MessageSource source) throws IOException, MalformedMessageException {
        return new Entity(source, EntityHeaders.readPart(source));
    }

    /** The raw body bytes (still transfer-encoded). */
    public InputStream openBody() throws IOException {
        InputStream in = source.open();
        try {
            in.skipNBytes(headers.bodyOffset());
        } catch (java.io.EOFException e) {
            // A header-only message has an empty body.
        }
        return in;
    }

    /** The body with its Content-Transfer-Encoding undone (base64 and binary; others are passed through). */
    public InputStream openDecodedBody() throws IOException, MalformedMessageException {
        String cte = headers.transferEncoding();
        switch (cte) {
            case "base64":
                return Base64Input.decode(openBody());
            case "7bit", "8bit", "binary":
                return openBody();
            case "quoted-printable", "uuencode", "x-uuencode", "x-uue":
                try {
                    return jakarta.mail.internet.MimeUtility.decode(openBody(), cte);
                } catch (jakarta.mail.MessagingException e) {
                    throw new MalformedMessageException("cannot decode the " + cte + " body", e);
                }
            default:
                throw new MalformedMessageException("unknown Content-Transfer-Encoding: " + EntityHeaders.shorten(cte));
        }
    }

    public ContentType contentType() throws MalformedMessageException {
        return headers.contentType();
    }

    /** The lower-case base type, e.g. "multipart/signed". */
    public String baseType() throws MalformedMessageException {
        return contentType().getBaseType().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the entity that signing or encryption protects: the Content-* fields (a text/plain
     * default if there are none), a blank line, and the body, all with CRLF line endings.
     */
    public void writeInnerEntity(OutputStream out) throws IOException {
        writeContentFields(out, f -> true);
        out.write(MimeOutput.CRLF);
        CanonicalOutputStream canon = new CanonicalOutputStream(MimeOutput.keepOpen(out));
        try (InputStream body = openBody()) {
            body.transferTo(canon);
        }
        canon.finish();
    }

    /**
     * Whether the body holds 8-bit bytes or over-long lines that a 7-bit mail path may change,
     * which would break a detached signature. Only single-part bodies that are not already
     * base64 or quoted-printable can need this.
     */
    public boolean needsSevenBitEncoding() throws IOException, MalformedMessageException {
        String base = baseType();
        String cte = headers.transferEncoding();
        if (base.startsWith("multipart/") || base.startsWith("message/") || cte.equals("base64") || cte.equals("quoted-printable")) {
            return false;
        }
        try (InputStream body = openBody()) {
            byte[] buf = new byte[1 << 16];
            int lineLength = 0;
            int n;
            while ((n = body.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    int c = buf[i] & 0xff;
                    if (c >= 0x80 || c == 0) {
                        return true;
                    }
                    lineLength = (c == '\n' || c == '\r') ? 0 : lineLength + 1;
                    if (lineLength > 998) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Like {@link #writeInnerEntity} but re-encodes the body for 7-bit transport: quoted-printable
     * for text (after canonicalizing its line endings), base64 for anything else.
     */
    public void writeSevenBitInnerEntity(OutputStream out) throws IOException, MalformedMessageException {
        boolean text = baseType().startsWith("text/");
        String encoding = text ? "quoted-printable" : "base64";
        writeContentFields(out, f -> !f.is("Content-Transfer-Encoding"));
        MimeOutput.line(out, "Content-Transfer-Encoding: " + encoding);
        out.write(MimeOutput.CRLF);
        try {
            OutputStream encoder = jakarta.mail.internet.MimeUtility.encode(MimeOutput.keepOpen(out), encoding);
            OutputStream sink = text ? new CanonicalOutputStream(encoder) : encoder;
            try (InputStream body = openBody()) {
                body.transferTo(sink);
            }
            sink.close();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException("Jakarta Mail lacks the " + encoding + " encoder", e);
        }
        if (!text) {
            out.write(MimeOutput.CRLF); // the base64 encoder does not end its last line
        }
    }

    private void writeContentFields(OutputStream out, java.util.function.Predicate<HeaderField> filter) throws IOException {
        var contentFields = headers.select(HeaderField::isContentField);
        if (contentFields.stream().noneMatch(f -> f.is("Content-Type"))) {
            MimeOutput.line(out, "Content-Type: text/plain; charset=us-ascii");
        }
        headers.writeFields(out, f -> f.isContentField() && filter.test(f));
    }

    /** Writes the envelope fields (everything but Content-* and MIME-Version) of this message. */
    public void writeEnvelopeFields(OutputStream out) throws IOException {
        headers.writeFields(out, f -> !f.isContentField() && !f.is("MIME-Version"));
    }
}
