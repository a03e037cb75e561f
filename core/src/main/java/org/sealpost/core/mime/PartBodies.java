package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import org.eclipse.angus.mail.util.DecodingException;
import org.sealpost.core.MalformedMessageException;

/**
 * Reads the decoded body of a small MIME part (a signature) into memory. A damaged or unknown
 * Content-Transfer-Encoding is a malformed message, not an I/O error: Jakarta Mail reports both as
 * IOException, which would otherwise reach the caller as if the file could not be read.
 */
public final class PartBodies {
    private static final Set<String> ENCODINGS = Set.of("7bit", "8bit", "binary", "base64", "quoted-printable",
            "uuencode", "x-uuencode", "x-uue");

    private PartBodies() {
    }

    /**
     * The decoded body, at most {@code maxBytes} long.
     *
     * @param what names the part in messages, e.g. "the signature part"
     */
    public static byte[] read(MimeBodyPart part, int maxBytes, String what)
            throws MessagingException, IOException, MalformedMessageException {
        String encoding = part.getEncoding();
        if (encoding != null && !ENCODINGS.contains(encoding.trim().toLowerCase(Locale.ROOT))) {
            throw new MalformedMessageException(what + " has an unknown Content-Transfer-Encoding: "
                    + EntityHeaders.shorten(encoding));
        }
        try (InputStream in = part.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new MalformedMessageException(what + " is larger than " + maxBytes + " bytes");
            }
            return body;
        } catch (DecodingException e) {
            throw new MalformedMessageException(what + " is not correctly " + encoding + " encoded", e);
        }
    }
}
