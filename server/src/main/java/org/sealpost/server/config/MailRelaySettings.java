package org.sealpost.server.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.validation.SmtpCredentials;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;

/**
 * The outgoing mail relay as configured ({@code mail.*}): everything but the password, which is named
 * by its environment variable and read only when the server starts.
 *
 * @param host        the relay's host name
 * @param port        its port
 * @param security    plain, STARTTLS required, or TLS from the first byte
 * @param username    the login at the relay, when it wants one
 * @param passwordEnv the environment variable holding the login's password
 * @param sender      the {@code From} of challenge mails
 */
public record MailRelaySettings(String host, int port, SmtpSecurity security, Optional<String> username,
        Optional<String> passwordEnv, String sender) {

    public MailRelaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        Objects.requireNonNull(sender, "sender");
    }

    /**
     * The relay's settings with the password read from {@code environment}.
     *
     * @throws ConfigException when the password variable is not set
     */
    public SmtpSettings smtp(Map<String, String> environment) {
        SmtpSettings smtp = SmtpSettings.of(host, port, security, sender);
        if (username.isEmpty()) {
            return smtp;
        }
        try {
            return smtp.withCredentials(SmtpCredentials.fromEnvironment(username.get(), passwordEnv.orElseThrow(), environment));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.MAIL_RELAY_PASSWORD_ENV + ": " + e.getMessage());
        }
    }
}
