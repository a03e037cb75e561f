package org.sealpost.validation;

import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A small IMAP client, as the Sealpost client will be: it logs in to the user's mailbox (GreenMail
 * takes any password), takes the challenge mails out of the inbox and deletes them.
 */
final class TestMailbox {
    private TestMailbox() {
    }

    /** A challenge mail as the client sees it. */
    record ChallengeMail(String challengeId, String mailPart, Map<String, String> headers, String body) {
    }

    /** Every challenge mail in {@code address}'s inbox, removed from it. */
    static List<ChallengeMail> takeChallenges(GreenMailOperations server, String address) {
        Properties props = new Properties();
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "10000");
        Session session = Session.getInstance(props);
        List<ChallengeMail> mails = new ArrayList<>();
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", server.getImap().getPort(), address, "the user's own password");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                String subject = m.getSubject();
                if (subject != null && subject.startsWith("SEALPOST: ")) {
                    Map<String, String> headers = headers((MimeMessage) m);
                    mails.add(new ChallengeMail(headers.get("Sealpost-Challenge-Id"), subject.substring("SEALPOST: ".length()),
                            headers, m.getContent().toString()));
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            }
            inbox.close(true);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("IMAP: " + e.getMessage(), e);
        }
        return mails;
    }

    /** The only challenge mail for {@code address}, for the one challenge the test asked for. */
    static ChallengeMail takeChallenge(GreenMailOperations server, String address, String challengeId) {
        List<ChallengeMail> mails = takeChallenges(server, address);
        return mails.stream().filter(m -> challengeId.equals(m.challengeId())).findFirst()
                .orElseThrow(() -> new AssertionError("no challenge mail " + challengeId + " for " + address + " among " + mails.size()));
    }

    private static Map<String, String> headers(MimeMessage m) throws MessagingException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Enumeration<jakarta.mail.Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
            jakarta.mail.Header h = e.nextElement();
            headers.put(h.getName(), h.getValue());
        }
        return headers;
    }
}
