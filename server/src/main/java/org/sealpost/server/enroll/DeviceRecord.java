package org.sealpost.server.enroll;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One enrolled device.
 *
 * @param id            random, not derived from the certificate (which changes at renewal)
 * @param address       the mailbox it proved, in look-up form
 * @param name          what its user called it
 * @param signingSerial its current signing certificate
 * @param level         the identity level of that certificate: {@code V1} .. {@code V4}
 * @param enrolledAt    when it enrolled
 * @param revokedAt     when it was removed; empty while it may act
 */
public record DeviceRecord(String id, String address, String name, BigInteger signingSerial, String level,
        Instant enrolledAt, Optional<Instant> revokedAt) {

    public DeviceRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signingSerial, "signingSerial");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Whether the device was removed. */
    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** The signing certificate's serial as the CA writes it: lower-case hex. */
    public String signingSerialHex() {
        return signingSerial.toString(16);
    }

    /** This device, renewed to the signing certificate {@code serial}. */
    DeviceRecord withSerial(BigInteger serial) {
        return new DeviceRecord(id, address, name, serial, level, enrolledAt, revokedAt);
    }

    /** This device, removed at {@code at}. */
    DeviceRecord withRevokedAt(Instant at) {
        return new DeviceRecord(id, address, name, signingSerial, level, enrolledAt, Optional.of(at));
    }
}
