package org.sealpost.validation;

import com.icegreen.greenmail.base.GreenMailOperations;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;

/**
 * A challenge service over a test database and GreenMail. The service keeps no state of its own, so
 * a test that moves time makes a service at each instant ({@link #at}) over the same database.
 */
record ValidationRig(Database db, SmtpSettings smtp, ValidationSettings settings) {
    static final String SENDER = "Sealpost <noreply@sealpost.test>";

    static ValidationRig over(Database db, GreenMailOperations mail, ValidationSettings settings) {
        return new ValidationRig(db, SmtpSettings.of("127.0.0.1", mail.getSmtp().getPort(), SmtpSecurity.STARTTLS_OPTIONAL, SENDER), settings);
    }

    ChallengeService at(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new ChallengeService(db, new AuditLog(db, clock), new ChallengeMailer(smtp, clock), settings, clock, new SecureRandom());
    }

    ValidationRig withSmtp(SmtpSettings other) {
        return new ValidationRig(db, other, settings);
    }
}
