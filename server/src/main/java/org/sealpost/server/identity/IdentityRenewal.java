package org.sealpost.server.identity;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.CaServices;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.enroll.DeviceRecord;
import org.sealpost.server.enroll.Devices;
import org.sealpost.server.enroll.SigningRenewal;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a device's V2, V3 or V4 certificate for the device's current key without a new review
 * (docs/IDENTITY-LEVELS.md, "Renewal"), as long as its basis holds: the device's issued request of
 * that level (found by device, so it survives the renewal of the device's own certificate), for V3
 * the organization still approved, for V4 the voucher not withdrawn as well. Renewal opens at once
 * when the device's key changed (the old certificate names a key the device gave up), else under
 * the rule of {@link SigningRenewal#renewableFrom(X509Certificate, Duration)}.
 *
 * <p>The renewal is a new request, approved by {@code renewal:<old request id>} and issued like any
 * other; the superseded certificate is revoked afterwards (a failure there is logged for the
 * operator and leaves it to expire). Audited as {@code identity.request.renew}. Thread-safe.
 */
public final class IdentityRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRenewal.class);

    private final Database db;
    private final AuditLog audit;
    private final IdentityRequests requests;
    private final CaServices ca;
    private final Devices devices;
    private final Duration window;
    private final Clock clock;
    private final RandomIds ids;
    private final IdentityRequestStore store = new IdentityRequestStore();

    /** @param window as the signing renewal's: renewal opens at the latest this long before a certificate's end */
    public IdentityRenewal(Database db, AuditLog audit, IdentityRequests requests, CaServices ca, Devices devices,
            Duration window, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new RandomIds(random);
    }

    /**
     * Renews the calling device's certificate of {@code level} for the key of its current certificate.
     *
     * @return the new request, issued
     * @throws IdentityProblem TOO_EARLY before the renewal window opens; CONFLICT when the caller is
     *                         not an enrolled device, holds no issued certificate of that level, its
     *                         certificate was revoked, it has an open request of that level, or the
     *                         basis is gone (organization not approved, voucher withdrawn)
     */
    public IdentityRequest renew(AuthenticatedDevice caller, IdentityLevel level) throws IdentityProblem {
        Objects.requireNonNull(caller, "caller");
        DeviceRecord device = devices.find(caller.serial()).filter(d -> !d.revoked()).orElseThrow(() -> IdentityProblem.conflict(
                "renew with the device's own (V1) certificate of an enrolled device"));
        byte[] key = caller.certificate().getPublicKey().getEncoded();
        String serial = caller.serialHex();
        String actor = "device:" + serial;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = ids.next();
        Renewing renewing = db.inTransaction(c -> {
            Optional<IdentityRequest> prior = store.latestIssuedOfDevice(c, device.id(), level);
            if (prior.isEmpty()) {
                return Decision.<Renewing>refused(IdentityProblem.conflict("this device holds no " + level
                        + " certificate to renew; ask for one with POST /v1/identity/requests"));
            }
            IdentityRequest old = store.find(c, prior.get().id(), true).orElseThrow();
            X509Certificate oldCert = certificate(old);
            if (ca.records().find(oldCert.getSerialNumber()).flatMap(r -> r.revocation()).isPresent()) {
                return Decision.<Renewing>refused(IdentityProblem.conflict("the " + level + " certificate was revoked;"
                        + " a revoked certificate is not renewed: ask again with POST /v1/identity/requests"));
            }
            if (Arrays.equals(old.deviceKey(), key)) {
                Instant opens = SigningRenewal.renewableFrom(oldCert, window);
                if (now.isBefore(opens)) {
                    return Decision.<Renewing>refused(new IdentityProblem(IdentityProblem.Kind.TOO_EARLY,
                            "renewal of this " + level + " certificate opens at " + opens));
                }
            }
            if (store.hasOpen(c, serial, level)) {
                return Decision.<Renewing>refused(IdentityProblem.conflict("this device has an open " + level
                        + " request already"));
            }
            Decision<IdentityRequest> made = level == IdentityLevel.V2
                    // The person's details were reviewed once; nothing withdraws a V2 approval but revocation.
                    ? Decision.done(new IdentityRequest(id, device.address(), level, RequestStatus.APPROVED, serial, key,
                            old.details(), now, Optional.of("renewal:" + old.id()), Optional.empty(), Optional.empty()))
                    : IdentityRequests.granted(c, id, device.address(), OwnerAddress.domainOf(device.address()), level,
                            serial, key, now);
            switch (made) {
                case Decision.Done<IdentityRequest> done -> {
                    store.insert(c, done.value());
                    audit.append(c, new AuditEvent(actor, "identity.request.renew", device.address(), "request=" + id
                            + " level=" + level + " replaces=" + old.id() + " serial=" + oldCert.getSerialNumber().toString(16)
                            + " " + done.value().details().summary()));
                    return Decision.done(new Renewing(id, oldCert));
                }
                case Decision.Refused<IdentityRequest> refused -> {
                    return Decision.<Renewing>refused(refused.problem());
                }
            }
        }).get();
        IdentityRequest issued = requests.issue(renewing.requestId());
        if (issued.status() == RequestStatus.ISSUED) {
            try {
                ca.revocations().revoke(renewing.superseded().getSerialNumber(), RevocationReason.SUPERSEDED, actor);
            } catch (RuntimeException e) {
                LOG.error("{} certificate renewed, but the superseded certificate {} cannot be revoked: revoke it by hand",
                        level, renewing.superseded().getSerialNumber().toString(16), e);
            }
        }
        return issued;
    }

    private static X509Certificate certificate(IdentityRequest issued) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(issued.certificate().orElseThrow()));
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored identity certificate cannot be read", e);
        }
    }

    /** The renewal's request, made and not yet issued, and the certificate it replaces. */
    private record Renewing(String requestId, X509Certificate superseded) {
    }
}
