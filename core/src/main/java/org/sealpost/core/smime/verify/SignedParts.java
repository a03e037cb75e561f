package org.sealpost.core.smime.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;

/**
 * The two parts of a multipart/signed body, parsed by Jakarta Mail over a shared stream so that the
 * signed part's exact bytes can be re-read from the source instead of being copied into memory.
 */
final class SignedParts extends MimeMultipart {
    private InputStream firstRaw;

    SignedParts(String contentType, InputStream body) throws MessagingException {
        super(new StreamSource(contentType, body));
    }

    @Override
    protected MimeBodyPart createMimeBodyPart(InputStream is) throws MessagingException {
        if (firstRaw == null && is instanceof SharedInputStream shared) {
            // Taken now: Jakarta Mail closes the part's own stream once it has parsed the headers.
            firstRaw = shared.newStream(0, -1);
        }
        return super.createMimeBodyPart(is);
    }

    /** The raw bytes (headers and body) of the first part; can be read once. */
    InputStream openFirstPart() throws MessagingException {
        getCount();
        if (firstRaw == null) {
            throw new MessagingException("the signed part cannot be re-read");
        }
        return firstRaw;
    }

    private record StreamSource(String contentType, InputStream body) implements DataSource {
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
            return "multipart/signed";
        }
    }
}
