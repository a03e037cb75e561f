package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's request for a V2, V3 or V4 signing certificate.
 *
 * @param id           128 random bits, base64url
 * @param address      the device's address, look-up form
 * @param level        the level asked for
 * @param status       where it stands
 * @param deviceSerial the requesting device's certificate serial, lower-case hex
 * @param deviceKey    SubjectPublicKeyInfo DER of the device's signing key: the key to certify
 * @param details      what the certificate will state
 * @param createdAt    when it was made
 * @param decidedBy    who approved or rejected it (an admin, or {@code org:<domain>} for automatic decisions)
 * @param reason       why it was rejected
 * @param certificate  DER of the issued certificate
 */
public record IdentityRequest(String id, String address, IdentityLevel level, RequestStatus status, String deviceSerial,
        byte[] deviceKey, SubjectDetails details, Instant createdAt, Optional<String> decidedBy, Optional<String> reason,
        Optional<byte[]> certificate) {

    public IdentityRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deviceSerial, "deviceSerial");
        deviceKey = deviceKey.clone();
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
        certificate = certificate.map(byte[]::clone);
    }

    @Override
    public byte[] deviceKey() {
        return deviceKey.clone();
    }

    @Override
    public Optional<byte[]> certificate() {
        return certificate.map(byte[]::clone);
    }
}
