package org.sealpost.server.enroll;

import java.util.Objects;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;
import org.sealpost.validation.ValidationSettings;

/**
 * How devices enroll.
 *
 * @param relay      the SMTP relay that carries challenge mails (with its login, if any)
 * @param validation the challenge rules: lifetime, wrong answers, rate limits
 */
public record EnrollmentSettings(SmtpSettings relay, ValidationSettings validation) {
    public EnrollmentSettings {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(validation, "validation");
    }

    /** The configuration's defaults: a relay on localhost:25 with STARTTLS, sender {@code sealpost@localhost}. */
    public static EnrollmentSettings defaults() {
        return new EnrollmentSettings(SmtpSettings.of("localhost", 25, SmtpSecurity.STARTTLS_REQUIRED, "sealpost@localhost"),
                ValidationSettings.defaults());
    }
}
