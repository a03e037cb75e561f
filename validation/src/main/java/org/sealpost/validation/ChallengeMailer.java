package org.sealpost.validation;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * Sends challenge mails through the configured SMTP relay (Jakarta Mail / Angus). One connection per
 * mail: challenges are rare and a relay may close idle connections. The mailbox itself is never
 * touched: the service needs no mailbox password. Thread-safe.
 */
public final class ChallengeMailer {
    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress sender;
    private final Clock clock;

    /** A mailer for {@code settings}, dating mails with {@code clock}. */
    public ChallengeMailer(SmtpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sender = settings.senderAddress();
        this.session = Session.getInstance(properties(settings));
    }

    private static Properties properties(SmtpSettings settings) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(settings.readTimeout().toMillis()));
        boolean starttls = settings.security() == SmtpSecurity.STARTTLS_REQUIRED || settings.security() == SmtpSecurity.STARTTLS_OPTIONAL;
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(starttls));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.security() == SmtpSecurity.STARTTLS_REQUIRED));
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(settings.security() == SmtpSecurity.TLS));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.credentials().isPresent()));
        return p;
    }

    /**
     * Sends the challenge mail for {@code challengeId} to {@code recipient}.
     *
     * @throws ChallengeMailException when the relay cannot be reached, refuses the login, STARTTLS or
     *                                the mail; the message names the relay and the reason
     */
    public void send(String recipient, String challengeId, String mailPart) throws ChallengeMailException {
        try {
            InternetAddress to = new InternetAddress(recipient, true);
            ChallengeMessage message = new ChallengeMessage(session, sender, to, challengeId, mailPart,
                    Date.from(clock.instant()), messageId());
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                if (settings.credentials().isPresent()) {
                    SmtpCredentials login = settings.credentials().get();
                    // Jakarta Mail takes the password only as a String.
                    transport.connect(settings.host(), settings.port(), login.username(), new String(login.password()));
                } else {
                    transport.connect();
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AddressException e) {
            throw new ChallengeMailException("cannot mail a challenge to " + recipient + ": " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new ChallengeMailException("cannot send the challenge mail through the SMTP relay " + settings.host() + ":"
                    + settings.port() + ": " + reason(e), e);
        }
    }

    private String messageId() {
        String address = sender.getAddress();
        return "<" + UUID.randomUUID() + "@" + address.substring(address.lastIndexOf('@') + 1) + ">";
    }

    /** The innermost cause that says something, on one line ("Connection refused", the relay's reply). */
    private static String reason(MessagingException e) {
        String reason = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                // Its message is the bare host name.
                reason = "unknown host " + t.getMessage();
            } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        if (reason == null || reason.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return reason.strip().replaceAll("\\s+", " ");
    }
}
