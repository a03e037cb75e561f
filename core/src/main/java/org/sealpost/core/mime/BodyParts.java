package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;
import org.sealpost.core.MalformedMessageException;

/**
 * Finds a body part of a multipart entity by its IMAP section number (RFC 3501 section 6.4.5):
 * "1" is the first part, "2.1" the first part of the second part. The part is copied byte for
 * byte, headers included, so that a signature over it can still be checked.
 */
public final class BodyParts {
    private static final int MAX_DEPTH = 16;

    private BodyParts() {
    }

    /**
     * The part of {@code entity} at {@code section}, collected in buffers the caller closes.
     *
     * @throws MalformedMessageException when there is no such part
     */
    public static MessageSource part(Entity entity, String section, List<EntityBuffer> buffers)
            throws MalformedMessageException, IOException {
        String[] numbers = section.split("\\.", -1);
        if (numbers.length > MAX_DEPTH) {
            throw new MalformedMessageException("the part number " + section + " is nested too deeply");
        }
        Entity current = entity;
        MessageSource source = entity.source();
        for (String n : numbers) {
            int index = parseIndex(n, section);
            if (!current.baseType().startsWith("multipart/")) {
                throw new MalformedMessageException("there is no part " + section + ": a " + current.baseType()
                        + " entity has no parts");
            }
            EntityBuffer buffer = new EntityBuffer();
            buffers.add(buffer);
            copyPart(current, index, section, buffer);
            source = buffer.toSource();
            current = Entity.parsePart(source);
        }
        return source;
    }

    private static int parseIndex(String n, String section) throws MalformedMessageException {
        try {
            int i = Integer.parseInt(n);
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedMessageException("'" + section + "' is not a part number such as 1 or 2.1");
    }

    private static void copyPart(Entity multipart, int index, String section, OutputStream out)
            throws MalformedMessageException, IOException {
        SharedInputStream shared = multipart.source().openShared();
        try {
            RawParts parts = new RawParts(multipart.headers().rawContentType().orElseThrow(),
                    shared.newStream(multipart.headers().bodyOffset(), -1));
            if (parts.getCount() < index) {
                throw new MalformedMessageException("there is no part " + section + ": the multipart has "
                        + parts.getCount() + " part(s)");
            }
            try (InputStream raw = parts.raw.get(index - 1)) {
                raw.transferTo(out);
            }
        } catch (MessagingException e) {
            throw new MalformedMessageException("the multipart body cannot be parsed (" + e.getMessage() + ")", e);
        } finally {
            ((InputStream) shared).close();
        }
    }

    /** A multipart that keeps a stream over the exact bytes of each part. */
    private static final class RawParts extends MimeMultipart {
        private final List<InputStream> raw = new ArrayList<>();

        RawParts(String contentType, InputStream body) throws MessagingException {
            super(new Source(contentType, body));
            getCount();
        }

        @Override
        protected MimeBodyPart createMimeBodyPart(InputStream is) throws MessagingException {
            if (is instanceof SharedInputStream s) {
                // Taken now: Jakarta Mail closes the part's own stream once it has parsed the headers.
                raw.add(s.newStream(0, -1));
            }
            return super.createMimeBodyPart(is);
        }
    }

    private record Source(String contentType, InputStream body) implements DataSource {
        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getName() {
            return "multipart";
        }
    }
}
