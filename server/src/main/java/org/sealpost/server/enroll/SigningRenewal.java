package org.sealpost.server.enroll;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.Csr;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.CaServices;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a device's signing certificate for a new device key (docs/ENROLLMENT.md, "Renewal"). Only
 * the device itself, authenticated with its current and still valid certificate, may renew, and only
 * in the last part of that certificate's life ({@link #renewableFrom}): a thief who renews at once
 * would otherwise outlive the owner's revocation of the stolen certificate by a fresh one the owner
 * never saw.
 *
 * <p>The device row moves to the new serial first, in one transaction with its audit record; the old
 * certificate is revoked (superseded) right after. So the device always has a certificate: a failure
 * before the row moved withdraws the new one, a failure after leaves the old one to expire and is
 * logged for the operator. Thread-safe.
 */
public final class SigningRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(SigningRenewal.class);

    private final Database db;
    private final AuditLog audit;
    private final CaServices ca;
    private final Devices devices;
    private final Duration window;
    private final Clock clock;

    /** @param window renewal opens at the latest this long before the certificate's end */
    SigningRenewal(Database db, AuditLog audit, CaServices ca, Devices devices, Duration window, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** When renewal of {@code certificate} opens: when a third of its life, or {@code window}, remains, whichever is earlier. */
    public Instant renewableFrom(X509Certificate certificate) {
        return renewableFrom(certificate, window);
    }

    /**
     * When renewal of {@code certificate} opens under {@code window}: when a third of its life, or
     * {@code window}, remains, whichever is earlier. Shared with the renewal of identity-level certificates.
     */
    public static Instant renewableFrom(X509Certificate certificate, Duration window) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
        Instant from = notAfter.minus(third.compareTo(window) > 0 ? third : window);
        return from.isBefore(notBefore) ? notBefore : from;
    }

    /**
     * Renews {@code caller}'s signing certificate for the key of {@code csrPem}.
     *
     * @return the renewed device with its new certificate, or why not
     */
    public Renewal renew(AuthenticatedDevice caller, String csrPem) {
        Csr csr;
        try {
            csr = Csr.parse(csrPem.getBytes(StandardCharsets.US_ASCII));
        } catch (CaException.BadRequest e) {
            return new Renewal.Refused(RenewalProblem.BAD_CSR, e.getMessage());
        }
        if (sameKey(csr, caller.certificate())) {
            return new Renewal.Refused(RenewalProblem.SAME_KEY, "the CSR carries the key of the current certificate;"
                    + " renewal needs a new device key");
        }
        Optional<DeviceRecord> found = devices.find(caller.serial());
        if (found.isEmpty()) {
            return new Renewal.Refused(RenewalProblem.UNKNOWN_DEVICE, "no device holds this certificate; renew with the"
                    + " device's own (V1) certificate");
        }
        if (found.get().revoked()) {
            return new Renewal.Refused(RenewalProblem.DEVICE_REVOKED, "this device was removed; enroll it again");
        }
        Instant opens = renewableFrom(caller.certificate());
        if (clock.instant().isBefore(opens)) {
            return new Renewal.Refused(RenewalProblem.TOO_EARLY, "renewal of this certificate opens at " + opens, opens);
        }
        DeviceRecord device = found.get();
        String actor = "device:" + caller.serialHex();
        X509Certificate renewed;
        try {
            // Device rows carry V1 certificates only: levels above are separate certificates of the identity code.
            renewed = ca.issuance().issue(IssuanceRequest.fromCsr(csr, Profiles.SIGNING_V1).withEmails(List.of(device.address())),
                    actor).certificate();
        } catch (CaException.BadRequest | CaException.LintFailure e) {
            return new Renewal.Refused(RenewalProblem.BAD_CSR, e.getMessage());
        } catch (CaException e) {
            LOG.error("renewal of device {}: the CA cannot issue", device.id(), e);
            return new Renewal.Refused(RenewalProblem.CA_FAILED, "the CA cannot issue certificates now; try again later");
        }
        Optional<DeviceRecord> moved;
        try {
            moved = db.inTransaction(c -> {
                Optional<DeviceRecord> locked = devices.lock(c, device.id())
                        .filter(d -> !d.revoked() && d.signingSerial().equals(caller.serial()));
                if (locked.isPresent()) {
                    devices.moveTo(c, device.id(), renewed.getSerialNumber());
                    audit.append(c, new AuditEvent(actor, "device.renew", device.address(), "device=" + device.id()
                            + " serial=" + renewed.getSerialNumber().toString(16) + " replaces=" + caller.serialHex()));
                }
                return locked.map(d -> d.withSerial(renewed.getSerialNumber()));
            });
        } catch (RuntimeException e) {
            withdraw(renewed.getSerialNumber(), actor);
            throw e;
        }
        if (moved.isEmpty()) {
            // Removed or renewed by another request meanwhile: that one stands.
            withdraw(renewed.getSerialNumber(), actor);
            return new Renewal.Refused(RenewalProblem.DEVICE_REVOKED, "this device was removed or renewed meanwhile");
        }
        try {
            ca.revocations().revoke(caller.serial(), RevocationReason.SUPERSEDED, actor);
        } catch (RuntimeException e) {
            LOG.error("device {} renewed, but its old signing certificate {} cannot be revoked: revoke it by hand",
                    device.id(), caller.serialHex(), e);
        }
        return new Renewal.Renewed(moved.get(), renewed);
    }

    private void withdraw(BigInteger serial, String actor) {
        try {
            ca.revocations().revoke(serial, RevocationReason.CESSATION_OF_OPERATION, actor);
        } catch (RuntimeException e) {
            LOG.error("cannot revoke signing certificate {} of a failed renewal: revoke it by hand", serial.toString(16), e);
        }
    }

    private static boolean sameKey(Csr csr, X509Certificate current) {
        try {
            return Arrays.equals(csr.publicKey().getEncoded(), current.getPublicKey().getEncoded());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
