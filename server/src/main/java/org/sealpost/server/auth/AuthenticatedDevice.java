package org.sealpost.server.auth;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A device whose token was accepted.
 *
 * @param address     the one mailbox of its certificate's SAN, in the CA's look-up form (domain in
 *                    lower-case A-labels, local part lower-cased), as the key service keys addresses
 * @param serial      its signing certificate's serial number
 * @param certificate its signing certificate, as this service issued and recorded it
 */
public record AuthenticatedDevice(String address, BigInteger serial, X509Certificate certificate) {

    public AuthenticatedDevice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** The serial as the CA records and operators write it: lower-case hex. */
    public String serialHex() {
        return serial.toString(16);
    }

    @Override
    public String toString() {
        return "AuthenticatedDevice[" + address + ", serial " + serialHex() + "]";
    }
}
