package org.sealpost.ca.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A certificate as the CA recorded it at issuance, with its revocation state.
 *
 * @param serial    the serial number
 * @param issuer    the name of the issuing CA ({@code issuing} or {@code root})
 * @param profile   the profile it was issued under
 * @param subject   the subject DN (RFC 4514)
 * @param addresses the mailbox addresses of its SAN, normalized for look-up
 * @param der       the certificate, DER-encoded
 */
public record StoredCertificate(BigInteger serial, String issuer, String profile, String subject,
        List<String> addresses, Instant notBefore, Instant notAfter, Instant issuedAt, byte[] der,
        Optional<StoredRevocation> revocation) {

    public StoredCertificate {
        addresses = List.copyOf(addresses);
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The serial as stored and as operators type it: lower-case hex without leading zeros. */
    public String serialHex() {
        return serial.toString(16);
    }
}
