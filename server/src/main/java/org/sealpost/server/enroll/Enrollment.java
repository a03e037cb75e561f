package org.sealpost.server.enroll;

import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.sealpost.ca.service.CaServices;
import org.sealpost.directory.Directory;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.auth.DeviceAuthenticator;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.validation.ChallengeMailer;
import org.sealpost.validation.ChallengeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device enrollment and the device registry, wired once for the server: the challenge service with
 * its mail relay, the enrollment flow, the registry and its HTTP routes, the periodic purges of
 * old challenges and used device tokens, and the periodic rotation of expiring encryption keys.
 */
public final class Enrollment {
    private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);
    /** Old challenges only cost space; hourly is plenty. */
    private static final long CHALLENGE_PURGE_MINUTES = 60;
    /** Used tokens are kept at most a few minutes past their expiry. */
    private static final long TOKEN_PURGE_MINUTES = 5;
    /** Encryption certificates are renewed 30 days ahead; an hourly look leaves ample room for retries. */
    private static final long ROTATION_MINUTES = 60;

    private final ChallengeService challenges;
    private final DeviceAuthenticator authenticator;
    private final Devices devices;
    private final EnrollmentRoutes routes;
    private final EncryptionRotation rotation;

    private Enrollment(ChallengeService challenges, DeviceAuthenticator authenticator, Devices devices, EnrollmentRoutes routes,
            EncryptionRotation rotation) {
        this.challenges = challenges;
        this.authenticator = authenticator;
        this.devices = devices;
        this.routes = routes;
        this.rotation = rotation;
    }

    /**
     * Wires enrollment over the server's components.
     *
     * @param keySpec   the kind of encryption key made for an address
     * @param directory where the address's encryption certificate is published
     * @param auth      the device authentication in front of the device routes
     * @param authenticator what {@code auth} uses, for the purge of used tokens
     */
    public static Enrollment open(EnrollmentSettings settings, Database db, AuditLog audit, CaServices ca, KeyService keys,
            KeySpec keySpec, Directory directory, DeviceAuthenticator authenticator, DeviceAuthFilter auth, Clock clock,
            SecureRandom random) {
        Objects.requireNonNull(settings, "settings");
        ChallengeService challenges = new ChallengeService(db, audit, new ChallengeMailer(settings.relay(), clock),
                settings.validation(), clock, random);
        Devices devices = new Devices(db);
        EncryptionCertificates certificates = new EncryptionCertificates(db, ca, directory, clock);
        EnrollmentService enrollments = new EnrollmentService(db, audit, challenges, ca, new EncryptionKeys(keys, db, keySpec),
                certificates, devices, clock, random);
        DeviceRevocation revocation = new DeviceRevocation(db, audit, devices, ca.revocations());
        SigningRenewal renewal = new SigningRenewal(db, audit, ca, devices, settings.renewalWindow(), clock);
        EnrollmentRoutes routes = new EnrollmentRoutes(challenges, enrollments, devices, revocation, renewal, auth,
                List.of(ca.ca().issuing(), ca.ca().root()), clock);
        return new Enrollment(challenges, authenticator, devices, routes,
                new EncryptionRotation(db, ca, keys, keySpec, certificates, clock));
    }

    /** Adds the enrollment and device routes to an app. */
    public void register(Javalin app) {
        routes.register(app);
    }

    /** Runs the purges of old challenges and used device tokens, and the encryption-key rotation, on {@code scheduler}. */
    public void schedule(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(() -> periodic("challenges purged", challenges::purge), CHALLENGE_PURGE_MINUTES,
                CHALLENGE_PURGE_MINUTES, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(() -> periodic("used device tokens purged", authenticator::purgeExpiredTokens),
                TOKEN_PURGE_MINUTES, TOKEN_PURGE_MINUTES, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(() -> periodic("expiring encryption keys rotated", rotation::rotateExpiring),
                ROTATION_MINUTES, ROTATION_MINUTES, TimeUnit.MINUTES);
    }

    /** The mailbox challenges over the configured relay, shared with domain-control validation. */
    public ChallengeService challenges() {
        return challenges;
    }

    /** The device registry, for other components (key release, identity levels). */
    public Devices devices() {
        return devices;
    }

    private static void periodic(String what, IntSupplier task) {
        // An exception would cancel the schedule for good: log it and try again next time.
        try {
            LOG.debug("{}: {}", what, task.getAsInt());
        } catch (RuntimeException e) {
            LOG.error("periodic task failed ({})", what, e);
        }
    }
}
