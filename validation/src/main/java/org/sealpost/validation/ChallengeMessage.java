package org.sealpost.validation;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * The challenge mail, RFC 8823 style: the mail part of the token in the Subject after
 * {@value #SUBJECT_PREFIX}, {@code Auto-Submitted: auto-generated} (RFC 3834) so that no vacation
 * responder answers it, the challenge id in {@value #CHALLENGE_ID_HEADER} so that a client with
 * several open challenges picks the right mail, and a short plain-text body for the person who
 * finds it.
 */
public final class ChallengeMessage extends MimeMessage {
    /** What the Subject starts with; the mail part follows. */
    public static final String SUBJECT_PREFIX = "SEALPOST: ";
    /** The header naming the challenge the mail belongs to. */
    public static final String CHALLENGE_ID_HEADER = "Sealpost-Challenge-Id";

    private final String messageId;

    /**
     * @param messageId the Message-ID with its angle brackets; kept when the message is saved
     *                  (Jakarta Mail would otherwise make one from this host's name)
     */
    ChallengeMessage(Session session, InternetAddress from, InternetAddress to, String challengeId, String mailPart, Date date,
                     String messageId) throws MessagingException {
        super(session);
        this.messageId = messageId;
        setFrom(from);
        setRecipient(Message.RecipientType.TO, to);
        setSubject(SUBJECT_PREFIX + mailPart, StandardCharsets.US_ASCII.name());
        setSentDate(date);
        setHeader("Auto-Submitted", "auto-generated");
        setHeader(CHALLENGE_ID_HEADER, challengeId);
        setText(body(to.getAddress()), StandardCharsets.UTF_8.name());
    }

    private static String body(String address) {
        return "A device asked the Sealpost service to confirm that it can read mail sent to\n"
                + address + ", so that it can get certificates for encrypted and signed mail.\n"
                + "\n"
                + "Your Sealpost client answers this message on its own and then deletes it.\n"
                + "If you did not set up Sealpost on a device, ignore this message: nothing\n"
                + "happens without the answer, and the request expires by itself.\n";
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
