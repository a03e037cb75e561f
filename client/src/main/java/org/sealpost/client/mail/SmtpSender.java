package org.sealpost.client.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.sealpost.client.mail.MailException.Kind;

/**
 * The account's SMTP side: one connection per message (submission servers close idle connections),
 * AUTH when the server advertises it, and the message handed over exactly as it was given.
 */
final class SmtpSender {
    private final Session session;
    private final MailEndpoint endpoint;
    private final String user;
    private final MailFailures failures;

    SmtpSender(Session session, MailSettings settings) {
        this.session = session;
        this.endpoint = settings.smtp();
        this.user = settings.user();
        this.failures = new MailFailures(endpoint, settings.timeout());
    }

    /**
     * Sends {@code message} to {@code recipients} with {@code envelopeFrom} as MAIL FROM. The message
     * must have been parsed from bytes and never changed (no {@code saveChanges}), so that
     * {@code writeTo} streams those bytes unchanged.
     */
    void send(SMTPMessage message, InternetAddress envelopeFrom, List<InternetAddress> recipients, char[] password) throws MailException {
        message.setEnvelopeFrom(envelopeFrom.getAddress());
        Transport transport;
        try {
            transport = session.getTransport(endpoint.scheme());
        } catch (MessagingException e) {
            throw failures.of("set up SMTP", e);
        }
        try {
            try {
                // Jakarta Mail takes the password only as a String; it lives for this call.
                transport.connect(endpoint.host(), endpoint.port(), user, new String(password));
            } catch (MessagingException e) {
                throw failures.of("log in as " + user, e);
            }
            try {
                transport.sendMessage(message, recipients.toArray(new Address[0]));
            } catch (SendFailedException e) {
                throw refused(e, envelopeFrom);
            } catch (MessagingException e) {
                throw failures.of("send the message", e);
            }
        } finally {
            try {
                transport.close();
            } catch (MessagingException e) {
                // QUIT failed after the server took (or refused) the message: that outcome stands.
            }
        }
    }

    private MailException refused(SendFailedException e, InternetAddress envelopeFrom) {
        String where = endpoint.url();
        if (e instanceof SMTPSenderFailedException) {
            return new MailException(Kind.REFUSED, where + " refused the sender " + envelopeFrom.getAddress() + " (" + MailFailures.reason(e)
                    + "); nothing was sent", e);
        }
        Address[] invalid = e.getInvalidAddresses();
        if (invalid != null && invalid.length > 0) {
            String refused = Arrays.stream(invalid).map(a -> a instanceof InternetAddress ia ? ia.getAddress() : a.toString())
                    .collect(Collectors.joining(", "));
            return new MailException(Kind.REFUSED, where + " refused the recipient" + (invalid.length > 1 ? "s " : " ") + refused + " ("
                    + MailFailures.reason(e) + "); nothing was sent", e);
        }
        return new MailException(Kind.REFUSED, where + " refused the message (" + MailFailures.reason(e) + ")", e);
    }
}
