package org.sealpost.client.send;

import java.net.URI;
import java.util.Objects;

/**
 * The plain-text invitation sent, from the sender, to a recipient who has no certificate yet and got
 * the mail encrypted to a provisional key: who wrote, that the mail is encrypted, and how to read it.
 * It names neither the subject nor anything of the content.
 *
 * @param from      the sender's address
 * @param to        the invited recipient
 * @param service   the Sealpost service holding the recipient's provisional key (where to enroll)
 * @param messageId the encrypted mail's Message-ID
 */
public record Invitation(String from, String to, URI service, String messageId) {
    public Invitation {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(messageId, "messageId");
    }

    public String subject() {
        return from + " sent you an encrypted message";
    }

    public String body() {
        return String.join("\n",
                "Hello,",
                "",
                from + " has sent you an encrypted message (message " + messageId + ").",
                "It was encrypted with Sealpost so that only you can read it: neither its subject",
                "nor its content is in this invitation, and it is not readable without your key.",
                "The key that opens it is kept for your address and becomes yours when you enroll.",
                "",
                "To read it:",
                "",
                "  1. Install Sealpost (the 'sealpost' command, Java 21 or newer).",
                "  2. Set up your mail account:",
                "       sealpost account add --email " + to + " --imap imaps://YOUR-IMAP-SERVER \\",
                "         --smtp smtps://YOUR-SMTP-SERVER --password-env MAIL_PASSWORD --server " + service,
                "  3. Enroll this device:",
                "       sealpost enroll",
                "",
                "Done: 'sealpost inbox' lists the message and 'sealpost read --id ID' shows it,",
                "and from now on mail between you and " + from + " is encrypted and signed.",
                "",
                "This invitation was sent by " + from + "'s Sealpost client.",
                "");
    }
}
