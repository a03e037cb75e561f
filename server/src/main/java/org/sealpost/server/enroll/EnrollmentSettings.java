package org.sealpost.server.enroll;

import java.time.Duration;
import java.util.Objects;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;
import org.sealpost.validation.ValidationSettings;

/**
 * How devices enroll.
 *
 * @param relay      the SMTP relay that carries challenge mails (with its login, if any)
 * @param validation the challenge rules: lifetime, wrong answers, rate limits
 * @param renewalWindow a signing certificate may be renewed once this much, or a third of its life, remains
 */
public record EnrollmentSettings(SmtpSettings relay, ValidationSettings validation, Duration renewalWindow) {
    /** The default of {@link #renewalWindow}. */
    public static final Duration DEFAULT_RENEWAL_WINDOW = Duration.ofDays(30);

    public EnrollmentSettings {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(renewalWindow, "renewalWindow");
        if (renewalWindow.isNegative()) {
            throw new IllegalArgumentException("the renewal window must not be negative");
        }
    }

    /** Settings with the default renewal window. */
    public EnrollmentSettings(SmtpSettings relay, ValidationSettings validation) {
        this(relay, validation, DEFAULT_RENEWAL_WINDOW);
    }

    /** The configuration's defaults: a relay on localhost:25 with STARTTLS, sender {@code sealpost@localhost}. */
    public static EnrollmentSettings defaults() {
        return new EnrollmentSettings(SmtpSettings.of("localhost", 25, SmtpSecurity.STARTTLS_REQUIRED, "sealpost@localhost"),
                ValidationSettings.defaults());
    }
}
