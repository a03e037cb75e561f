package org.sealpost.ca.issue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A certificate the CA signed.
 *
 * @param certificate the certificate
 * @param profile     the name of the profile it was issued under
 */
public record IssuedCertificate(X509Certificate certificate, String profile) {
    /** Its serial number. */
    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /** PEM text of the certificate. */
    public String pem() {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
