package org.sealpost.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.sealpost.core.keys.Pem;

/**
 * A certificate as the directory answers with it.
 *
 * @param der         the certificate, DER (copied in and out)
 * @param fingerprint SHA-256 of the DER, lower-case hex
 * @param source      issued here or harvested
 * @param level       the identity level it stands for
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 */
public record PublishedCertificate(byte[] der, String fingerprint, Source source, Level level, Instant notBefore,
        Instant notAfter) {

    public PublishedCertificate {
        der = der.clone();
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The certificate as PEM text, 64 characters a line. */
    public String pem() {
        return Pem.encode(Pem.CERTIFICATE, der);
    }

    /** SHA-256 of a certificate's DER, lower-case hex: the directory's identity of a certificate. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return fingerprint(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedCertificate p && fingerprint.equals(p.fingerprint) && source == p.source
                && level == p.level && notBefore.equals(p.notBefore) && notAfter.equals(p.notAfter);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "PublishedCertificate[" + fingerprint + ", " + source.value() + ", " + level.value() + ", until " + notAfter + "]";
    }
}
