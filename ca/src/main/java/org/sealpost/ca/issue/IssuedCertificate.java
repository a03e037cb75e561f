package org.sealpost.ca.issue;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.sealpost.core.keys.Pem;

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
        return Pem.certificate(certificate);
    }
}
