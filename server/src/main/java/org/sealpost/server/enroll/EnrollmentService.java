package org.sealpost.server.enroll;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.Csr;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.CaServices;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.server.enroll.Completion.Enrolled;
import org.sealpost.server.enroll.Completion.Rejected;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.validation.AccountKey;
import org.sealpost.validation.AnswerResult;
import org.sealpost.validation.ChallengeAnswer;
import org.sealpost.validation.ChallengeService;
import org.sealpost.validation.ChallengeSubject;
import org.sealpost.validation.Refusal;
import org.sealpost.validation.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes an enrollment (docs/ENROLLMENT.md): checks the device name and the CSR, judges the
 * challenge answer, then issues the device's V1 signing certificate, makes sure the address has an
 * active encryption key with a certificate, and registers the device.
 *
 * <p>Everything the request can get wrong is checked before the answer is judged, so a bad request
 * neither uses up the challenge nor stores anything. After the signing certificate is issued, any
 * failure revokes it again (cessationOfOperation): a signing certificate exists for a usable device
 * only. The encryption key and certificate made on the way are the address's, not the device's, and
 * stay for the next attempt. Thread-safe.
 */
public final class EnrollmentService {
    /** The identity level of the certificate a mailbox proof earns. */
    public static final String LEVEL = "V1";
    static final int MAX_NAME = 64;
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);

    private final Database db;
    private final AuditLog audit;
    private final ChallengeService challenges;
    private final CaServices ca;
    private final EncryptionKeys keys;
    private final EncryptionCertificates encryptionCertificates;
    private final Devices devices;
    private final Clock clock;
    private final SecureRandom random;

    EnrollmentService(Database db, AuditLog audit, ChallengeService challenges, CaServices ca, EncryptionKeys keys,
            EncryptionCertificates encryptionCertificates, Devices devices, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.encryptionCertificates = Objects.requireNonNull(encryptionCertificates, "encryptionCertificates");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Completes enrollment {@code challengeId}.
     *
     * @param answer     the device's answer to the challenge
     * @param csrPem     a PKCS#10 request signed with the account key
     * @param deviceName what the user calls the device
     * @param clientId   who asks (the caller's IP address), for the challenge's audit record
     */
    public Completion complete(String challengeId, String answer, String csrPem, String deviceName, String clientId) {
        Optional<String> name = deviceName(deviceName);
        if (name.isEmpty()) {
            return new Rejected(EnrollmentProblem.INVALID_REQUEST, "deviceName must be 1 to " + MAX_NAME
                    + " characters without control characters");
        }
        Csr csr;
        AccountKey key;
        try {
            csr = Csr.parse(csrPem.getBytes(StandardCharsets.US_ASCII));
            key = AccountKey.of(publicKey(csr));
        } catch (CaException.BadRequest | IllegalArgumentException e) {
            return new Rejected(EnrollmentProblem.BAD_CSR, e.getMessage());
        }
        Optional<ChallengeSubject> subject = challenges.subjectOf(challengeId);
        if (subject.isEmpty()) {
            return new Rejected(EnrollmentProblem.UNKNOWN, "no enrollment " + printableId(challengeId) + "; start a new one");
        }
        if (!subject.get().accountKeyThumbprint().equals(key.thumbprint())) {
            // Only someone who saw the challenge id (in the mail or the HTTPS answer) gets here: worth a record.
            audit.append(new AuditEvent("enrollment:" + challengeId, "enrollment.refused", subject.get().address(),
                    "reason=key-mismatch key=" + key.thumbprint()));
            return new Rejected(EnrollmentProblem.KEY_MISMATCH, "the CSR's public key is not the account key this enrollment was"
                    + " started with");
        }
        String address = subject.get().address();
        AnswerResult judged = challenges.answer(new ChallengeAnswer(challengeId, address, key.publicKey(), answer, clientId));
        return switch (judged) {
            case Refused refused -> rejected(refused.reason());
            case AnswerResult.Validated validated -> enroll(validated, csr, name.get());
        };
    }

    private Completion enroll(AnswerResult.Validated validated, Csr csr, String name) {
        String address = validated.address();
        String actor = "enrollment:" + validated.challengeId();
        X509Certificate signing;
        try {
            signing = ca.issuance().issue(IssuanceRequest.fromCsr(csr, Profiles.SIGNING_V1).withEmails(List.of(address)), actor)
                    .certificate();
        } catch (CaException.BadRequest | CaException.LintFailure e) {
            return new Rejected(EnrollmentProblem.BAD_CSR, e.getMessage());
        } catch (CaException e) {
            LOG.error("enrollment {}: the CA cannot issue the signing certificate", validated.challengeId(), e);
            return new Rejected(EnrollmentProblem.CA_FAILED, "the CA cannot issue certificates now; try again later");
        }
        BigInteger serial = signing.getSerialNumber();
        try {
            KeyRecord key = keys.activeFor(address, actor);
            X509Certificate encryption = encryptionCertificates.currentFor(key, actor);
            DeviceRecord device = new DeviceRecord(newId(), address, name, serial, LEVEL, now(), Optional.empty());
            db.inTransaction(c -> {
                devices.insert(c, device);
                audit.append(c, new AuditEvent(actor, "device.enroll", address, "device=" + device.id() + " serial="
                        + device.signingSerialHex() + " level=" + LEVEL + " encryption-key=" + key.keyId()));
                return null;
            });
            return new Enrolled(device, signing, encryption);
        } catch (KeyServiceException e) {
            withdraw(serial, actor, e);
            return new Rejected(EnrollmentProblem.KEYS_UNAVAILABLE, "the key service cannot provide the encryption key of "
                    + address + " now; start a new enrollment later");
        } catch (CaException e) {
            withdraw(serial, actor, e);
            return new Rejected(EnrollmentProblem.CA_FAILED, "the CA cannot issue the encryption certificate now; start a new"
                    + " enrollment later");
        } catch (RuntimeException e) {
            withdraw(serial, actor, e);
            throw e;
        }
    }

    /** Revokes the signing certificate of an enrollment that could not finish. */
    private void withdraw(BigInteger serial, String actor, Exception cause) {
        LOG.error("enrollment failed after signing certificate {} was issued; revoking it", serial.toString(16), cause);
        try {
            ca.revocations().revoke(serial, RevocationReason.CESSATION_OF_OPERATION, actor);
        } catch (RuntimeException e) {
            // No device row points to it, so no device can use it; the operator must revoke it.
            LOG.error("cannot revoke signing certificate {} of a failed enrollment: revoke it by hand", serial.toString(16), e);
        }
    }

    private static Rejected rejected(Refusal reason) {
        return switch (reason) {
            case Refusal.InvalidRequest r -> new Rejected(EnrollmentProblem.INVALID_REQUEST, r.field() + ": " + r.message());
            case Refusal.Unknown u -> new Rejected(EnrollmentProblem.UNKNOWN, "no such enrollment; start a new one");
            case Refusal.WrongAnswer w -> new Rejected(EnrollmentProblem.WRONG_ANSWER, "the answer is wrong; "
                    + w.remainingTries() + (w.remainingTries() == 1 ? " try remains" : " tries remain"));
            case Refusal.Used u -> new Rejected(EnrollmentProblem.USED, "this enrollment was completed already; start a new one");
            case Refusal.Expired e -> new Rejected(EnrollmentProblem.EXPIRED, "this enrollment expired; start a new one");
            case Refusal.Exhausted e -> new Rejected(EnrollmentProblem.EXHAUSTED, "too many wrong answers; start a new enrollment");
            case Refusal.RateLimited r -> throw new IllegalStateException("answers are not rate-limited");
        };
    }

    private static PublicKey publicKey(Csr csr) throws CaException.BadRequest {
        try {
            return new JcaPEMKeyConverter().getPublicKey(csr.publicKey());
        } catch (PEMException e) {
            throw new CaException.BadRequest("the CSR's public key cannot be read", e);
        }
    }

    static Optional<String> deviceName(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** A caller-supplied id in a message: only when it looks like one. */
    private static String printableId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,64}") ? id : "with that id";
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
