package org.sealpost.client.send;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Writes the RFC 5322 messages of a send with Jakarta Mail: the message itself, its wrapper for
 * encryption, and plain-text messages such as invitations. Every message is returned as bytes with
 * CRLF line endings, ready for S/MIME and SMTP.
 *
 * <p>Encrypted mail protects its headers the RFC 8551 (section 3.1) way: the whole message, with the
 * real Subject, is wrapped as {@code message/rfc822; forwarded=no}, and the wrapper, whose headers
 * stay readable outside the encryption, carries {@code Subject: ...}.
 */
public final class MessageComposer {
    /** The subject an encrypted message shows outside its encryption. */
    public static final String HIDDEN_SUBJECT = "...";
    /** The Content-Type of the wrapped message ({@code forwarded=no}: this is not a forwarded mail). */
    public static final String WRAPPED_TYPE = "message/rfc822; forwarded=no";

    private static final String UTF_8 = "UTF-8";
    private static final int MAX_7BIT_LINE = 76;

    private final Session session = Session.getInstance(new Properties());
    private final SecureRandom random;

    public MessageComposer(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new Message-ID in the sender's domain, random, naming neither host nor user. */
    public String newMessageId(String from) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "<" + HexFormat.of().formatHex(bytes) + "@" + from.substring(from.lastIndexOf('@') + 1) + ">";
    }

    /**
     * The message: From, To, Cc, Subject, Date, Message-ID, and a text/plain UTF-8 body
     * (quoted-printable when it is not short-lined ASCII), in a multipart/mixed with the attachments
     * (base64) when there are any.
     */
    public byte[] compose(String from, Draft draft, String messageId, Instant date) {
        try {
            MimeMessage m = envelope(from, draft, messageId, date, draft.subject());
            if (draft.attachments().isEmpty()) {
                text(m, draft.body());
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart text = new MimeBodyPart();
                text(text, draft.body());
                mixed.addBodyPart(text);
                for (Attachment a : draft.attachments()) {
                    mixed.addBodyPart(attachment(a));
                }
                m.setContent(mixed);
            }
            return bytes(m);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose the message: " + e.getMessage(), e);
        }
    }

    /**
     * {@code message} wrapped for encryption: the same From, To, Cc, Date and Message-ID, the
     * subject {@link #HIDDEN_SUBJECT}, and {@code message} whole as a {@link #WRAPPED_TYPE} body.
     */
    public byte[] wrap(byte[] message, String from, Draft draft, String messageId, Instant date) {
        try {
            MimeMessage m = envelope(from, draft, messageId, date, HIDDEN_SUBJECT);
            // A composite type: Jakarta Mail adds no transfer encoding, the message goes in as it is (7-bit).
            m.setDataHandler(new DataHandler(new ByteArrayDataSource(message, WRAPPED_TYPE)));
            return bytes(m);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot wrap the message: " + e.getMessage(), e);
        }
    }

    /**
     * A plain text/plain message from {@code from} to {@code to} alone, referring to {@code about}
     * (a Message-ID) so that mail programs show it beside that message.
     */
    public byte[] plain(String from, String to, String subject, String body, String about, Instant date) {
        try {
            MimeMessage m = new FixedIdMessage(session, newMessageId(from));
            m.setFrom(new InternetAddress(from));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            m.setSubject(subject, UTF_8);
            m.setSentDate(Date.from(date));
            m.setHeader("References", about);
            text(m, body);
            return bytes(m);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose the message: " + e.getMessage(), e);
        }
    }

    private MimeMessage envelope(String from, Draft draft, String messageId, Instant date, String subject) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, messageId);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, addresses(draft.to()));
        if (!draft.cc().isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, addresses(draft.cc()));
        }
        m.setSubject(subject, UTF_8);
        m.setSentDate(Date.from(date));
        return m;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new InternetAddress(list.get(i), true);
        }
        return out;
    }

    /** Text with CRLF line ends; 7bit only when every line is short ASCII without trailing space, else quoted-printable. */
    private static void text(Part part, String body) throws MessagingException {
        String crlf = body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        if (part instanceof MimeMessage m) {
            m.setText(crlf, UTF_8);
        } else {
            ((MimeBodyPart) part).setText(crlf, UTF_8);
        }
        part.setHeader("Content-Transfer-Encoding", sevenBit(crlf) ? "7bit" : "quoted-printable");
    }

    private static boolean sevenBit(String text) {
        for (String line : text.split("\r\n", -1)) {
            if (line.length() > MAX_7BIT_LINE || line.endsWith(" ") || line.endsWith("\t")
                    || line.chars().anyMatch(c -> c >= 0x7f || c < 0x20 && c != '\t')) {
                return false;
            }
        }
        return true;
    }

    private static MimeBodyPart attachment(Attachment a) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
        part.setFileName(a.fileName());
        part.setDisposition(Part.ATTACHMENT);
        // base64 whatever the type: signatures survive no line-end or 8-bit conversion on the way.
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static byte[] bytes(MimeMessage m) throws MessagingException {
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot write the message", e);
        }
        return out.toByteArray();
    }

    /** A message whose Message-ID is ours: Jakarta Mail's own would name this host and user. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
