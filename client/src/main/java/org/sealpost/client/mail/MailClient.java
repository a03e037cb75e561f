package org.sealpost.client.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * The user's mail account: reads INBOX over IMAP, sends over SMTP, keeps a copy in Sent. Messages go
 * in and out as raw RFC 5322 bytes, never re-encoded, so S/MIME signatures survive the trip.
 *
 * <p>The IMAP login is made on first use and kept while the client lives (made again when the server
 * dropped it); each SMTP send uses its own connection. Calls are serialized, so one client may be
 * shared between threads. Every failure is a {@link MailException} whose one-line message names the
 * server and never the password; bad arguments are {@link IllegalArgumentException}s.
 */
public final class MailClient implements AutoCloseable {
    /** How often {@link #await} looks at INBOX. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final MailSettings settings;
    private final Session session;
    private final ImapMailbox mailbox;
    private final SmtpSender sender;
    private final char[] password;
    private boolean closed;

    /**
     * A client for the account {@code settings} describes. Nothing is connected yet.
     *
     * @param password the password at both servers; copied, so the caller may wipe its array, and
     *                 wiped by {@link #close()}
     */
    public MailClient(MailSettings settings, char[] password) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.password = Objects.requireNonNull(password, "password").clone();
        this.session = MailSessions.create(settings);
        this.mailbox = new ImapMailbox(session, settings);
        this.sender = new SmtpSender(session, settings);
    }

    /** The settings this client uses. */
    public MailSettings settings() {
        return settings;
    }

    /** The messages in INBOX, newest (highest id) first. */
    public synchronized List<MailSummary> list() throws MailException {
        requireOpen();
        return mailbox.list(password);
    }

    /**
     * The raw RFC 5322 bytes of message {@code id}, as the server stores them. Reading does not mark
     * the message {@code \Seen}.
     *
     * @throws MailException {@link MailException.Kind#NOT_FOUND} when INBOX holds no message {@code id}
     */
    public synchronized byte[] fetch(String id) throws MailException {
        requireOpen();
        return mailbox.fetch(id, password);
    }

    /**
     * The raw bytes of each message of {@code ids}, handed to {@code handler} one at a time in the
     * order given, over the one IMAP login: what {@code inbox} needs to read a thousand messages
     * without a round trip each. They are fetched in chunks of 50 (one SELECT and one UID FETCH of
     * the whole messages per chunk; a message over 1 MiB is streamed on its own), so memory holds one
     * chunk at most. Ids INBOX no longer holds are skipped. Reading does not mark a message {@code \Seen}.
     */
    public synchronized void fetchEach(List<String> ids, BiConsumer<String, byte[]> handler) throws MailException {
        requireOpen();
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(handler, "handler");
        mailbox.fetchEach(ids, handler, password);
    }

    /**
     * Removes message {@code id} from INBOX: flags it {@code \Deleted} and expunges it (only it when
     * the server has UIDPLUS; otherwise every message flagged {@code \Deleted} in INBOX goes too).
     *
     * @throws MailException {@link MailException.Kind#NOT_FOUND} when INBOX holds no message {@code id}
     */
    public synchronized void delete(String id) throws MailException {
        requireOpen();
        mailbox.delete(id, password);
    }

    /**
     * Polls INBOX (every ~250 ms) until a message with a header {@code headerName} whose value is
     * exactly {@code headerValue} arrives, or {@code timeout} passes. When several match, the newest
     * is returned. A zero timeout looks once; an interrupt ends the wait with an empty result and the
     * thread's interrupt flag set.
     *
     * @return the message, or empty after the timeout
     */
    public synchronized Optional<FoundMail> await(String headerName, String headerValue, Duration timeout) throws MailException {
        requireOpen();
        requireHeaderName(headerName);
        Objects.requireNonNull(headerValue, "headerValue");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the wait for a mail must not be negative, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<FoundMail> found = mailbox.find(headerName, headerValue, password);
            long left = deadline - System.nanoTime();
            if (found.isPresent() || left <= 0) {
                return found;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_INTERVAL.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /**
     * Sends {@code message} exactly as it is (no header added, nothing re-encoded: signatures must
     * survive) to {@code recipients}, with {@code envelopeFrom} as the SMTP sender. The envelope alone
     * decides who receives it: addresses in the headers are not consulted, so Bcc recipients are given
     * here and must not appear in the message. Lines must end in CRLF, as in any RFC 5322 message.
     *
     * @throws MailException {@link MailException.Kind#REFUSED} when the server refuses the sender, any
     *                       recipient (the message names them) or the message; nothing is sent then
     * @throws IllegalArgumentException when an address is not a valid mail address or there is no recipient
     */
    public synchronized void send(byte[] message, String envelopeFrom, List<String> recipients) throws MailException {
        requireOpen();
        Objects.requireNonNull(message, "message");
        InternetAddress from = address(envelopeFrom, "sender");
        Objects.requireNonNull(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
        List<InternetAddress> to = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            to.add(address(r, "recipient"));
        }
        sender.send(smtpMessage(message), from, to, password);
    }

    /** Appends {@code message}, unchanged and marked {@code \Seen}, to the "Sent" folder, which is created when missing. */
    public synchronized void saveSent(byte[] message) throws MailException {
        requireOpen();
        Objects.requireNonNull(message, "message");
        mailbox.appendSent(smtpMessage(message), password);
    }

    /** Logs out of IMAP and wipes the password; later calls fail with {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            mailbox.close();
            Arrays.fill(password, '\0');
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the mail client for " + settings.address() + " is closed");
        }
    }

    /**
     * The message parsed, never saved: a parsed message that was not changed writes out the bytes it
     * was read from, where {@code saveChanges} would rewrite Message-ID and MIME headers.
     */
    private SMTPMessage smtpMessage(byte[] message) {
        try {
            return new SMTPMessage(session, new ByteArrayInputStream(message));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not an RFC 5322 message: " + MailFailures.reason(e), e);
        }
    }

    private static InternetAddress address(String address, String role) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the " + role + " address must not be blank");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            if (parsed.isGroup() || parsed.getAddress().indexOf('@') <= 0) {
                throw new IllegalArgumentException("not a mail address for the " + role + ": " + oneLine(address));
            }
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a valid " + role + " address: " + oneLine(address));
        }
    }

    private static void requireHeaderName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("not a mail header name: " + (name == null ? "null" : oneLine(name)));
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return "MailClient[" + settings.address() + ", imap=" + settings.imap().url() + ", smtp=" + settings.smtp().url() + "]";
    }
}
