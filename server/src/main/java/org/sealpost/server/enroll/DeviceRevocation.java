package org.sealpost.server.enroll;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.RevocationOutcome;
import org.sealpost.ca.service.RevocationService;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Removes a device (the lost laptop): its signing certificate is revoked in the CA, which refuses the
 * device's very next token, and then its registry row is marked. The CA's revocation commits first,
 * since it is what stops the device; should marking the row fail, the device is already unable to
 * act and removing it again completes the row (both steps are idempotent).
 */
public final class DeviceRevocation {
    private final Database db;
    private final AuditLog audit;
    private final Devices devices;
    private final RevocationService revocations;

    public DeviceRevocation(Database db, AuditLog audit, Devices devices, RevocationService revocations) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    /**
     * Removes device {@code deviceId} of {@code address}.
     *
     * @param address the address of the caller; a device of another address is not found
     * @param actor   who asks, for the audit records ({@code device:<serial>})
     * @return the device as removed; empty when {@code address} has no device with that id
     */
    public Optional<DeviceRecord> revoke(String deviceId, String address, RevocationReason reason, String actor) {
        Optional<DeviceRecord> found = devices.findById(deviceId).filter(d -> d.address().equals(address));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DeviceRecord device = found.get();
        Instant at = switch (revocations.revoke(device.signingSerial(), reason, actor)) {
            case RevocationOutcome.Revoked r -> r.revocation().revokedAt();
            case RevocationOutcome.AlreadyRevoked r -> r.certificate().revocation().orElseThrow().revokedAt();
            case RevocationOutcome.NotFound n -> throw new IllegalStateException("device " + device.id()
                    + " names signing certificate " + device.signingSerialHex() + ", which the CA does not know");
        };
        return Optional.of(db.inTransaction(c -> {
            DeviceRecord locked = devices.lock(c, device.id()).orElseThrow();
            if (locked.revoked()) {
                return locked;
            }
            devices.markRevoked(c, device.id(), at);
            audit.append(c, new AuditEvent(actor, "device.revoke", address, "device=" + device.id() + " serial="
                    + device.signingSerialHex() + " reason=" + reason.rfcName()));
            return locked.withRevokedAt(at);
        }));
    }
}
