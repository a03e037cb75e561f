package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
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
    public InputStream openDecodedBody() throws IOException {
        InputStream raw = openBody();
        String cte = headers.transferEncoding();
        if (cte.equals("base64")) {
            return Base64.getMimeDecoder().wrap(raw);
        }
        return raw;
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
        var contentFields = headers.select(HeaderField::isContentField);
        if (contentFields.stream().noneMatch(f -> f.is("Content-Type"))) {
            MimeOutput.line(out, "Content-Type: text/plain; charset=us-ascii");
        }
        headers.writeFields(out, HeaderField::isContentField);
        out.write(MimeOutput.CRLF);
        CanonicalOutputStream canon = new CanonicalOutputStream(MimeOutput.keepOpen(out));
        try (InputStream body = openBody()) {
            body.transferTo(canon);
        }
        canon.finish();
    }

    /** Writes the envelope fields (everything but Content-* and MIME-Version) of this message. */
    public void writeEnvelopeFields(OutputStream out) throws IOException {
        headers.writeFields(out, f -> !f.isContentField() && !f.is("MIME-Version"));
    }
}
