package org.sealpost.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.core.auth.DeviceTokenFormat;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Decides whether a request comes from an enrolled device (docs/DEVICE-AUTH.md): its token must be
 * well-formed, signed with the key of a signing certificate this service issued and still vouches
 * for, made for this very request, current, and not seen before.
 *
 * <p>Checks run cheapest first and the database comes last, so a forged or malformed token costs
 * no query and leaves no row. Bad input of any kind is a {@link DeviceAuthResult.Refused}; only a
 * failing database throws (a {@link org.sealpost.storage.StorageException}: the service's fault,
 * not the device's). Thread-safe.
 */
public final class DeviceAuthenticator {
    private final TokenParser parser = new TokenParser();
    private final DeviceCertificateCheck certificates;
    private final TokenClaimsCheck claims;
    private final ReplayGuard replay;
    private final AuditLog audit;
    private final DeviceAuthPolicy policy;
    private final Clock clock;

    private DeviceAuthenticator(DeviceCertificateCheck certificates, ReplayGuard replay, AuditLog audit,
            DeviceAuthPolicy policy, Clock clock) {
        this.certificates = certificates;
        this.claims = new TokenClaimsCheck(policy);
        this.replay = replay;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * An authenticator for the devices of this CA.
     *
     * @param db the database of the CA's records and of the used tokens
     */
    public static DeviceAuthenticator forCa(CaServices ca, Database db, AuditLog audit, DeviceAuthPolicy policy,
            Clock clock) {
        return new DeviceAuthenticator(new DeviceCertificateCheck(ca.ca().issuing(), LoadedCa.ISSUING, ca.records(),
                Profiles.standard()), new ReplayGuard(db), audit, policy, clock);
    }

    /**
     * Checks one request's token.
     *
     * @param authorization the {@code Authorization} header as received, or {@code null}
     * @param request       the request it arrived with
     */
    public DeviceAuthResult authenticate(String authorization, DeviceRequest request) {
        PresentedToken token;
        try {
            token = parser.parse(authorization);
            Instant now = clock.instant();
            certificates.checkCertificate(token.certificate(), now);
            checkSignature(token);
            Instant expires = claims.check(token.claims(), request, now);
            String address = recordedAddress(token);
            if (!replay.firstUse(token.certificate().getSerialNumber(), token.claims().getJWTID(),
                    expires.plus(policy.clockSkew()))) {
                throw audited(token, new Refusal(RefusalReason.REPLAYED, "this token was used before; make a new one"
                        + " for every request"));
            }
            return new DeviceAuthResult.Authenticated(new AuthenticatedDevice(address,
                    token.certificate().getSerialNumber(), token.certificate()));
        } catch (Refusal refusal) {
            return refusal.result();
        }
    }

    /**
     * Forgets used tokens that can no longer pass the time check, even on a node whose clock runs up
     * to the skew allowance behind this one's. Run it periodically; returns how many were removed.
     */
    public int purgeExpiredTokens() {
        return replay.purge(clock.instant().minus(policy.clockSkew()));
    }

    private String recordedAddress(PresentedToken token) throws Refusal {
        try {
            return certificates.checkRecord(token.certificate());
        } catch (Refusal refusal) {
            if (refusal.reason() == RefusalReason.REVOKED_CERTIFICATE) {
                throw audited(token, refusal);
            }
            throw refusal;
        }
    }

    /**
     * Audits a refusal that only a holder of a device key (or of a copy of one of its tokens) can
     * cause: the signature verified under a certificate this CA issued. Refusals anyone can cause
     * are not audited, so that strangers cannot flood the chain.
     */
    private Refusal audited(PresentedToken token, Refusal refusal) {
        String serial = token.certificate().getSerialNumber().toString(16);
        audit.append(new AuditEvent("device:" + serial, "device.auth.refused", serial,
                "reason=" + refusal.reason().code()));
        return refusal;
    }

    private static void checkSignature(PresentedToken token) throws Refusal {
        PublicKey key = token.certificate().getPublicKey();
        JWSAlgorithm used = token.jws().getHeader().getAlgorithm();
        JWSAlgorithm expected;
        try {
            expected = DeviceTokenFormat.algorithmFor(key);
        } catch (IllegalArgumentException e) {
            throw new Refusal(RefusalReason.UNSUPPORTED_ALGORITHM, e.getMessage());
        }
        if (!expected.equals(used)) {
            throw new Refusal(RefusalReason.UNSUPPORTED_ALGORITHM, "the certificate's key signs tokens with "
                    + expected + ", not " + used);
        }
        boolean valid;
        try {
            JWSVerifier verifier = key instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAPublicKey) key);
            valid = token.jws().verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refusal(RefusalReason.BAD_SIGNATURE, "the token's signature does not verify with the key of"
                    + " certificate " + token.certificate().getSerialNumber().toString(16));
        }
    }
}
