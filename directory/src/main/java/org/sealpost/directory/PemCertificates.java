package org.sealpost.directory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** One certificate from PEM text, as clients submit them. */
final class PemCertificates {
    /** Far above any real certificate (a few KB), low enough that a request cannot make us parse megabytes per entry. */
    static final int MAX_PEM_CHARS = 64 * 1024;

    private PemCertificates() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong: missing, too long, not exactly one certificate
     */
    static X509Certificate parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the certificate is missing");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("the PEM text is longer than " + MAX_PEM_CHARS + " characters");
        }
        if (!pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        Collection<? extends java.security.cert.Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable X.509 certificate", e);
        }
        if (certs.size() != 1 || !(certs.iterator().next() instanceof X509Certificate cert)) {
            throw new IllegalArgumentException("give exactly one certificate per entry, found " + certs.size());
        }
        return cert;
    }
}
