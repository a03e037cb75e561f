package org.sealpost.core.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text (RFC 7468) of DER objects, written by Bouncy Castle: the one place the project makes it. */
public final class Pem {
    /** RFC 7468 label of a certificate. */
    public static final String CERTIFICATE = "CERTIFICATE";
    /** RFC 7468 label of a SubjectPublicKeyInfo. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";

    private Pem() {
    }

    /** {@code der} as PEM with {@code label}, 64 characters a line. */
    public static String encode(String label, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(label, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A certificate as PEM. */
    public static String certificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate cannot be encoded", e);
        }
    }
}
