package org.sealpost.cli;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;

/**
 * Mail made the way another client (or {@code send}) makes it, with the core engine: a message with
 * its real headers wrapped as {@code message/rfc822} under an outer one whose subject is "..."
 * (RFC 8551 section 3.1, protected headers), signed, optionally timestamped and encrypted, and
 * delivered over SMTP to the world's mail server.
 */
final class ClientMail {
    private final ClientWorld world;

    ClientMail(ClientWorld world) {
        this.world = world;
    }

    /** An RFC 5322 message: text body and attachments (name to bytes) as multipart/mixed. */
    static byte[] compose(String from, String to, String subject, String body, Map<String, byte[]> attachments) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new java.util.Date());
        if (attachments.isEmpty()) {
            m.setText(body, "UTF-8");
        } else {
            jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart("mixed");
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText(body, "UTF-8");
            mixed.addBodyPart(text);
            for (Map.Entry<String, byte[]> a : attachments.entrySet()) {
                jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
                part.setDataHandler(new jakarta.activation.DataHandler(
                        new jakarta.mail.util.ByteArrayDataSource(a.getValue(), "application/octet-stream")));
                part.setFileName(a.getKey());
                // Base64, as mail programs send files: a 7bit part would have its line ends canonicalized to CRLF when signed.
                part.setHeader("Content-Transfer-Encoding", "base64");
                part.setDisposition(jakarta.mail.Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /** {@code inner} wrapped as message/rfc822 under outer headers that show only "..." as the subject. */
    static byte[] protect(String from, String to, byte[] inner) {
        String head = "From: " + from + "\r\nTo: " + to + "\r\nSubject: ...\r\nDate: "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\nMessage-ID: <" + UUID.randomUUID()
                + "@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + inner.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(inner, 0, all, h.length, inner.length);
        return all;
    }

    /** Detached signature by every identity (two = dual signature), timestamped by the service's TSA when asked. */
    byte[] sign(byte[] message, boolean timestamp, Identity... signers) throws Exception {
        SignOptions options = SignOptions.detached(signers);
        if (timestamp) {
            options = options.withTimestamps(new HttpTimestampClient(URI.create(world.stack.baseUrl() + "/tsa"), HttpClient.newHttpClient(),
                    new SecureRandom()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), out, options);
        return out.toByteArray();
    }

    static byte[] encrypt(byte[] message, Recipient... recipients) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(message), out, EncryptOptions.to(recipients));
        return out.toByteArray();
    }

    /** Hands {@code message} to the world's SMTP server for {@code recipients}, byte for byte. */
    void deliver(byte[] message, String envelopeFrom, String... recipients) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", DevStack.HOST);
        props.put("mail.smtp.port", Integer.toString(world.stack.smtpPort()));
        props.put("mail.smtp.from", envelopeFrom);
        Session session = Session.getInstance(props);
        MimeMessage wire = new MimeMessage(session, new ByteArrayInputStream(message));
        List<InternetAddress> to = new ArrayList<>();
        for (String r : recipients) {
            to.add(new InternetAddress(r));
        }
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(wire, to.toArray(new InternetAddress[0]));
        }
    }

    /** The store of a user's home, opened with the test passphrase (close it). */
    static Account open(ClientWorld.User user) throws Exception {
        return Account.open(new ClientHome(user.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(), HttpClient.newHttpClient());
    }

    /** The user's device signing identity: the key made at enrollment with its V1 certificate chain. */
    static Identity deviceIdentity(ClientWorld.User user) throws Exception {
        try (Account a = open(user)) {
            StoreData.DeviceCredentials d = a.data().device().orElseThrow();
            return new Identity(d.signingKey(), d.chain());
        }
    }

    /** The user's newest encryption certificate, as the service issued it. */
    static X509Certificate encryptionCertificate(ClientWorld.User user) throws Exception {
        try (Account a = open(user)) {
            return a.data().encryptionKeys().getFirst().certificates().getFirst();
        }
    }

    /** Flips one base64 character in the middle of the body: the ciphertext no longer is what was sent. */
    static byte[] flipInBody(byte[] message) {
        String s = new String(message, StandardCharsets.US_ASCII);
        int body = s.indexOf("\r\n\r\n") + 4;
        int at = body + (s.length() - body) / 2;
        while (!Character.isLetterOrDigit(s.charAt(at))) {
            at++;
        }
        char c = s.charAt(at);
        char flipped = c == 'A' ? 'B' : 'A';
        return (s.substring(0, at) + flipped + s.substring(at + 1)).getBytes(StandardCharsets.US_ASCII);
    }

    static Map<String, byte[]> files(Object... nameThenBytes) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            out.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return out;
    }
}
