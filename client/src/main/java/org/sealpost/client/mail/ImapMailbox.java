package org.sealpost.client.mail;

import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.sealpost.client.mail.MailException.Kind;

/**
 * The account's IMAP side. One authenticated store stays open while the client lives and is reopened
 * when the server has dropped it; INBOX is opened afresh for every operation, so each call sees the
 * mailbox as it is now. Not thread-safe: {@link MailClient} serializes the calls.
 */
final class ImapMailbox {
    private static final String INBOX = "INBOX";
    private static final String SENT = "Sent";
    /** Messages per SELECT and UID FETCH in {@link #fetchEach}. */
    private static final int FETCH_CHUNK = 50;
    /** Larger messages are streamed one by one rather than prefetched with their chunk. */
    private static final int PREFETCH_LIMIT = 1 << 20;

    private final Session session;
    private final MailEndpoint endpoint;
    private final String user;
    private final MailFailures failures;
    private Store store;

    ImapMailbox(Session session, MailSettings settings) {
        this.session = session;
        this.endpoint = settings.imap();
        this.user = settings.user();
        this.failures = new MailFailures(endpoint, settings.timeout());
    }

    /** What one call does with the open INBOX. */
    private interface InboxWork<T> {
        T apply(IMAPFolder inbox) throws MessagingException, IOException, MailException;
    }

    /** INBOX, newest first. */
    List<MailSummary> list(char[] password) throws MailException {
        return inInbox(Folder.READ_ONLY, "list INBOX", password, inbox -> {
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(FetchProfile.Item.SIZE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add("Content-Type");
            // The Date header itself: servers fill ENVELOPE's date from elsewhere when it is missing.
            profile.add("Date");
            inbox.fetch(messages, profile);
            List<MailSummary> summaries = new ArrayList<>(messages.length);
            for (Message m : messages) {
                summaries.add(summary(inbox, m));
            }
            summaries.sort(Comparator.comparingLong((MailSummary s) -> Long.parseLong(s.id())).reversed());
            return summaries;
        });
    }

    /** The raw bytes of message {@code id}. */
    byte[] fetch(String id, char[] password) throws MailException {
        return inInbox(Folder.READ_ONLY, "fetch message " + printable(id), password, inbox -> {
            Message m = byId(inbox, id);
            // Not presized from the server's RFC822.SIZE: a server could claim any size.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        });
    }

    /**
     * The raw bytes of each message of {@code ids} that INBOX holds. Messages are taken in chunks: one
     * SELECT and one UID FETCH of the whole messages per chunk instead of a round trip per message,
     * and each chunk's messages are let go (INBOX closed) before the next, so memory holds one chunk.
     * A message larger than {@link #PREFETCH_LIMIT} is streamed on its own rather than prefetched.
     */
    void fetchEach(List<String> ids, java.util.function.BiConsumer<String, byte[]> handler, char[] password) throws MailException {
        List<String> known = ids.stream().filter(id -> uid(id) > 0).toList();
        for (int from = 0; from < known.size(); from += FETCH_CHUNK) {
            List<String> chunk = known.subList(from, Math.min(known.size(), from + FETCH_CHUNK));
            inInbox(Folder.READ_ONLY, "fetch " + chunk.size() + " messages", password, inbox -> {
                Message[] messages = inbox.getMessagesByUID(chunk.stream().mapToLong(ImapMailbox::uid).toArray());
                Message[] present = Arrays.stream(messages).filter(m -> m != null && !m.isExpunged()).toArray(Message[]::new);
                FetchProfile sizes = new FetchProfile();
                sizes.add(FetchProfile.Item.SIZE);
                inbox.fetch(present, sizes);
                FetchProfile whole = new FetchProfile();
                whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(Arrays.stream(present).filter(m -> size(m) <= PREFETCH_LIMIT).toArray(Message[]::new), whole);
                for (int i = 0; i < messages.length; i++) {
                    Message m = messages[i];
                    if (m == null || m.isExpunged()) {
                        continue;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(size(m), 1024));
                    m.writeTo(out);
                    handler.accept(chunk.get(i), out.toByteArray());
                }
                return null;
            });
        }
    }

    private static int size(Message m) {
        try {
            return m.getSize();
        } catch (MessagingException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Flags message {@code id} deleted and expunges it. */
    void delete(String id, char[] password) throws MailException {
        inInbox(Folder.READ_WRITE, "delete message " + printable(id), password, inbox -> {
            Message m = byId(inbox, id);
            m.setFlag(Flags.Flag.DELETED, true);
            if (((IMAPStore) inbox.getStore()).hasCapability("UIDPLUS")) {
                // UID EXPUNGE: only this message, not others another client flagged \Deleted.
                inbox.expunge(new Message[] {m});
            } else {
                inbox.expunge();
            }
            return null;
        });
    }

    /** The newest message with a header {@code name} whose value is exactly {@code value}, if any. */
    Optional<FoundMail> find(String name, String value, char[] password) throws MailException {
        return inInbox(Folder.READ_ONLY, "search INBOX", password, inbox -> {
            // The server's SEARCH HEADER matches substrings; the exact value is checked here.
            Message[] candidates = inbox.search(new HeaderTerm(name, value));
            for (int i = candidates.length - 1; i >= 0; i--) {
                Message m = candidates[i];
                String[] values = m.getHeader(name);
                if (values != null && Arrays.stream(values).map(ImapMailbox::unfold).anyMatch(value::equals)) {
                    return Optional.of(new FoundMail(Long.toString(inbox.getUID(m)), Objects.requireNonNullElse(m.getSubject(), "")));
                }
            }
            return Optional.empty();
        });
    }

    /** Appends {@code message} to the Sent folder, marked \Seen, creating the folder when missing. */
    void appendSent(MimeMessage message, char[] password) throws MailException {
        Store s = connected(password);
        try {
            Folder sent = s.getFolder(SENT);
            if (!sent.exists() && !sent.create(Folder.HOLDS_MESSAGES) && !sent.exists()) {
                throw new MailException(Kind.PROTOCOL, "cannot create the " + SENT + " folder at " + endpoint.url());
            }
            message.setFlag(Flags.Flag.SEEN, true);
            sent.appendMessages(new Message[] {message});
        } catch (MessagingException e) {
            throw failures.of("save a copy in the " + SENT + " folder", e);
        }
    }

    /** Logs out; the next call logs in again. */
    void close() {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                // Logging out of a dead connection: nothing left to release.
            }
            store = null;
        }
    }

    private <T> T inInbox(int mode, String action, char[] password, InboxWork<T> work) throws MailException {
        Store s = connected(password);
        Folder inbox = null;
        try {
            inbox = s.getFolder(INBOX);
            inbox.open(mode);
            return work.apply((IMAPFolder) inbox);
        } catch (MessagingException | IOException e) {
            throw failures.of(action, e);
        } finally {
            if (inbox != null && inbox.isOpen()) {
                try {
                    inbox.close(false);
                } catch (MessagingException e) {
                    // The work is done or has failed already; a failing CLOSE changes neither.
                }
            }
        }
    }

    /** The open store, logging in when there is none or the server dropped it. */
    private Store connected(char[] password) throws MailException {
        // isConnected() sends a NOOP, so a connection the server timed out is noticed here.
        if (store != null && store.isConnected()) {
            return store;
        }
        close();
        try {
            Store s = session.getStore(endpoint.scheme());
            // Jakarta Mail takes the password only as a String; it lives for this call.
            s.connect(endpoint.host(), endpoint.port(), user, new String(password));
            store = s;
            return s;
        } catch (MessagingException e) {
            throw failures.of("log in as " + user, e);
        }
    }

    private Message byId(IMAPFolder inbox, String id) throws MessagingException, MailException {
        long uid = uid(id);
        Message m = uid < 0 ? null : inbox.getMessageByUID(uid);
        if (m == null || m.isExpunged()) {
            throw new MailException(Kind.NOT_FOUND, "no message with id " + printable(id) + " in INBOX at " + endpoint.url());
        }
        return m;
    }

    /** The UID an id names, or -1 when it names none (not a decimal number in IMAP's 32-bit range). */
    private static long uid(String id) {
        if (id == null || id.isEmpty() || id.length() > 10 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long uid = Long.parseLong(id);
        return uid >= 1 && uid <= 0xFFFF_FFFFL ? uid : -1;
    }

    private static MailSummary summary(IMAPFolder inbox, Message m) throws MessagingException {
        List<String> from = display(m.getFrom());
        Date sent = date(m.getHeader("Date"));
        String[] contentType = m.getHeader("Content-Type");
        return new MailSummary(Long.toString(inbox.getUID(m)), from.isEmpty() ? "" : from.get(0),
                display(m.getRecipients(Message.RecipientType.TO)), Objects.requireNonNullElse(m.getSubject(), ""),
                Optional.ofNullable(sent).map(Date::toInstant), contentType(contentType), m.getSize());
    }

    private static List<String> display(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(addresses.length);
        for (Address a : addresses) {
            out.add(a instanceof InternetAddress ia ? display(ia) : a.toString());
        }
        return out;
    }

    /** "Name <address>" or the bare address, decoded, for people to read (no quoting). */
    private static String display(InternetAddress address) {
        String personal = address.getPersonal();
        return personal == null || personal.isBlank() ? address.getAddress() : personal + " <" + address.getAddress() + ">";
    }

    /** The Date header, or null when it is missing or unreadable. */
    private static Date date(String[] header) {
        if (header == null || header.length == 0) {
            return null;
        }
        try {
            return new MailDateFormat().parse(unfold(header[0]));
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    /** The Content-Type on one line with the type in lower case; RFC 2045's default when absent. */
    private static String contentType(String[] header) {
        if (header == null || header.length == 0 || header[0].isBlank()) {
            return "text/plain";
        }
        String raw = unfold(header[0]);
        try {
            ContentType parsed = new ContentType(raw);
            parsed.setPrimaryType(parsed.getPrimaryType().toLowerCase(Locale.ROOT));
            parsed.setSubType(parsed.getSubType().toLowerCase(Locale.ROOT));
            return unfold(parsed.toString());
        } catch (ParseException e) {
            return raw;
        }
    }

    private static String unfold(String value) {
        return value.replaceAll("\\r?\\n[ \\t]*", " ").strip();
    }

    private static String printable(String id) {
        if (id == null) {
            return "null";
        }
        String oneLine = id.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "…" : oneLine;
    }

    /** For messages: which server this is. */
    @Override
    public String toString() {
        return "ImapMailbox[" + endpoint.url() + ", user=" + user + "]";
    }
}
