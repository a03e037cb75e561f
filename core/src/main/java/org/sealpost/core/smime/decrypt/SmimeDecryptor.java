package org.sealpost.core.smime.decrypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.MimeOutput;

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
        EnvelopeOpener.Opened opened = EnvelopeOpener.open(message.openDecodedBody(), keys, input.size());
        message.writeEnvelopeFields(out);
        MimeOutput.line(out, "MIME-Version: 1.0");
        try (InputStream plaintext = opened.plaintext()) {
            copyPlaintext(plaintext, out);
        }
        out.flush();
        return new Result(opened.contentCipher(), opened.key().certificate());
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
                throw new DecryptionException("the encrypted content is damaged or was altered ("
                        + org.sealpost.core.smime.cms.CmsContentType.describe(e) + ")", e);
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
        String smimeType = ct.getParameter("smime-type");
        if (smimeType != null && smimeType.equalsIgnoreCase("signed-data")) {
            throw new MalformedMessageException("the message is signed, not encrypted (smime-type=signed-data): use verify");
        }
    }
}
