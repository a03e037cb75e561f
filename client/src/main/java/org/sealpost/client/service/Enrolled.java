package org.sealpost.client.service;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A completed enrollment.
 *
 * @param device                the new device
 * @param signingCertificate    the device's V1 signing certificate
 * @param encryptionCertificate the address's current encryption certificate
 * @param chain                 the issuing CA, then the root
 */
public record Enrolled(DeviceInfo device, X509Certificate signingCertificate, X509Certificate encryptionCertificate,
                       List<X509Certificate> chain) {
    public Enrolled {
        chain = List.copyOf(chain);
    }
}
