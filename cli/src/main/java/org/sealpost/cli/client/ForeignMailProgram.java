package org.sealpost.cli.client;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import org.sealpost.core.SmimeException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;

/**
 * Someone else's S/MIME mail program, for the demo: a plain mail signed with a certificate from
 * another CA (the Sealpost engine standing in for Thunderbird or Outlook) and sent over plain SMTP.
 */
public final class ForeignMailProgram {
    private ForeignMailProgram() {
    }

    /** Signs a text mail from the signer's address (detached) and sends it to {@code to}. */
    public static void sendSigned(Identity signer, String from, String to, String subject, String body, String smtpHost, int smtpPort)
            throws IOException, MessagingException, SmimeException {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtpHost);
        props.put("mail.smtp.port", Integer.toString(smtpPort));
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.saveChanges();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        m.writeTo(plain);
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(plain.toByteArray()), signed, SignOptions.detached(signer));
        MimeMessage wire = new MimeMessage(session, new ByteArrayInputStream(signed.toByteArray()));
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(wire, new InternetAddress[] {new InternetAddress(to)});
        }
    }
}
