package org.sealpost.validation;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP relay that carries challenge mails.
 *
 * @param host           the relay's host name
 * @param port           1..65535 (587 for submission with STARTTLS, 25 for a local relay)
 * @param security       STARTTLS required or optional
 * @param credentials    the login at the relay, when it wants one
 * @param sender         the {@code From} of challenge mails, e.g. {@code Sealpost <noreply@example.org>}
 * @param connectTimeout how long to wait for the connection
 * @param readTimeout    how long to wait for each reply and each write
 */
public record SmtpSettings(String host, int port, SmtpSecurity security, Optional<SmtpCredentials> credentials, String sender,
                           Duration connectTimeout, Duration readTimeout) {
    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the SMTP relay host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the SMTP relay port must be 1..65535, got " + port);
        }
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        senderAddress(sender);
        requirePositive(connectTimeout, "connect");
        requirePositive(readTimeout, "read");
    }

    /** A relay without login, with 10 s connect and 30 s read timeouts. */
    public static SmtpSettings of(String host, int port, SmtpSecurity security, String sender) {
        return new SmtpSettings(host, port, security, Optional.empty(), sender, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** These settings with a login at the relay. */
    public SmtpSettings withCredentials(SmtpCredentials login) {
        return new SmtpSettings(host, port, security, Optional.of(login), sender, connectTimeout, readTimeout);
    }

    /** The sender, parsed. */
    InternetAddress senderAddress() {
        return senderAddress(sender);
    }

    private static InternetAddress senderAddress(String sender) {
        if (sender == null || sender.isBlank()) {
            throw new IllegalArgumentException("the sender address of challenge mails must not be blank");
        }
        try {
            InternetAddress parsed = new InternetAddress(sender, true);
            if (parsed.getAddress().indexOf('@') <= 0) {
                throw new IllegalArgumentException("the sender of challenge mails needs a domain: " + sender);
            }
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a valid sender address for challenge mails: " + sender + " (" + e.getMessage() + ")", e);
        }
    }

    private static void requirePositive(Duration timeout, String name) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the SMTP " + name + " timeout must be positive, got " + timeout);
        }
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", " + security + ", login=" + credentials.map(SmtpCredentials::username).orElse("none")
                + ", sender=" + sender + "]";
    }
}
