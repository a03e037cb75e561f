package org.sealpost.core.smime.decrypt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.EntityHeaders;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.MimeOutput;
import org.sealpost.core.smime.cms.CmsContentType;

/**
 * Decrypts an S/MIME message with any key of a key history. The output is the message with its
 * envelope fields and the decrypted entity in place of the encrypted body.
 *
 * <p>Plaintext is streamed to the output before an AES-GCM tag can be checked, so when this throws,
 * whatever was written must be discarded (the CLI writes to a temporary file and renames it only
 * on success).
 */
public final class SmimeDecryptor {

    /** What was decrypted, and with which key. */
    public record Result(String contentCipher, X509Certificate keyCertificate) {
    }

    public Result decrypt(MessageSource input, OutputStream out, KeyHistory keys) throws SmimeException, IOException {
        Entity message = Entity.parse(input);
        requireEncrypted(message);
        // The CMS content type decides, not the smime-type parameter: .NET labels enveloped-data signed-data.
        BufferedInputStream body = CmsContentType.buffered(message.openDecodedBody());
        if (CmsContentType.peek(body) == CmsContentType.SIGNED_DATA) {
            body.close();
            throw new MalformedMessageException("the message is signed, not encrypted (its content is CMS signed-data): use verify");
        }
        EnvelopeOpener.Opened opened = EnvelopeOpener.open(body, keys, input.size());
        message.writeEnvelopeFields(out);
        try (InputStream plaintext = new BufferedInputStream(opened.plaintext(), 1 << 16)) {
            Optional<EntityHeaders> inner = innerHeaders(plaintext);
            if (inner.isEmpty() || inner.get().get("MIME-Version").isEmpty()) {
                MimeOutput.line(out, "MIME-Version: 1.0");
            }
            if (inner.isEmpty()) {
                // CMS content that is not a MIME entity (RFC 4134's examples, PKCS#7 from other tools).
                MimeOutput.line(out, "Content-Type: application/octet-stream");
                out.write(MimeOutput.CRLF);
            }
            copyPlaintext(plaintext, out);
        }
        out.flush();
        return new Result(opened.contentCipher(), opened.key().certificate());
    }

    /** The MIME header block the plaintext starts with, if any; the stream is reset to its start. */
    private static Optional<EntityHeaders> innerHeaders(InputStream plaintext) throws DecryptionException {
        plaintext.mark(EntityHeaders.MAX_HEADER_BYTES + 1);
        Optional<EntityHeaders> headers;
        try {
            headers = Optional.of(EntityHeaders.readPart(plaintext));
        } catch (MalformedMessageException e) {
            headers = Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw damaged(e);
        }
        try {
            plaintext.reset();
        } catch (IOException e) {
            throw damaged(e);
        }
        return headers;
    }

    private static DecryptionException damaged(Exception e) {
        return new DecryptionException("the encrypted content is damaged or was altered ("
                + CmsContentType.describe(e) + ")", e);
    }

    /**
     * Copies decrypted bytes; a failure while reading them means the ciphertext is damaged or was
     * altered (bad padding, wrong GCM tag), which is reported as such rather than as an I/O error.
     */
    public static void copyPlaintext(InputStream plaintext, OutputStream out) throws DecryptionException, IOException {
        byte[] buf = new byte[1 << 16];
        while (true) {
            int n;
            try {
                n = plaintext.read(buf);
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
            if (n < 0) {
                return;
            }
            out.write(buf, 0, n);
        }
    }

    private static void requireEncrypted(Entity message) throws MalformedMessageException {
        var ct = message.contentType();
        String base = ct.getBaseType().toLowerCase(Locale.ROOT);
        if (!base.equals("application/pkcs7-mime") && !base.equals("application/x-pkcs7-mime")) {
            throw new MalformedMessageException("the message is not encrypted (Content-Type " + base + ")");
        }
    }
}
