package org.sealpost.client.read;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What a person reads of a message: its headers, its text and its attachments. The headers of the
 * innermost (signed, encrypted) entity win over the outer ones, because an encrypted mail carries
 * "..." as its outer subject and its real headers inside, where the signature covers them
 * (protected headers); an inner {@code message/rfc822} is unwrapped the same way.
 *
 * @param from        the sender for display, e.g. {@code Alice <alice@example.org>}; empty when none
 * @param to          the To addresses for display
 * @param cc          the Cc addresses for display
 * @param subject     the decoded subject; empty when none
 * @param date        the Date header, when readable
 * @param body        the text: the first text/plain part (else text/html as it is), lines ending in LF; empty when none
 * @param attachments every other part with content
 */
public record MessageContent(String from, List<String> to, List<String> cc, String subject, Optional<Instant> date, String body,
                             List<Attachment> attachments) {
    private static final int MAX_DEPTH = 16;

    public MessageContent {
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(body, "body");
        attachments = List.copyOf(attachments);
    }

    /** The whole message: headers, text and attachments. */
    public static MessageContent parse(byte[] message) throws MessagingException, IOException {
        return parse(message, Session.getInstance(new Properties()));
    }

    /**
     * The whole message, parsed in {@code session}: a reader of many messages passes one session, which
     * is costly to make (Jakarta Mail reads its provider files each time).
     */
    public static MessageContent parse(byte[] message, Session session) throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(message));
        Headers headers = Headers.of(m);
        Collector parts = new Collector();
        if (m.isMimeType("message/rfc822") && m.getContent() instanceof MimeMessage inner) {
            // RFC 8551 section 3.1: the whole message wrapped so that its headers are protected.
            headers = Headers.of(inner).over(headers);
            parts.walk(inner, 0);
        } else {
            parts.walk(m, 0);
        }
        return new MessageContent(headers.from, headers.to, headers.cc, headers.subject, headers.date, parts.body(), parts.attachments);
    }

    /** Only the headers, for a message whose content cannot be opened. */
    public static MessageContent headersOnly(byte[] message, Session session) throws MessagingException {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(message));
        Headers h = Headers.of(m);
        return new MessageContent(h.from, h.to, h.cc, h.subject, h.date, "", List.of());
    }

    /** The display fields; in each, the last occurrence wins (the inner entity's come after the outer ones). */
    private record Headers(String from, List<String> to, List<String> cc, String subject, Optional<Instant> date) {
        static Headers of(Part p) throws MessagingException {
            List<String> from = addresses(last(p, "From"));
            return new Headers(from.isEmpty() ? "" : from.getFirst(), addresses(last(p, "To")), addresses(last(p, "Cc")),
                    last(p, "Subject").map(MessageContent::decode).orElse(""), last(p, "Date").flatMap(MessageContent::date));
        }

        /** These headers, falling back to {@code outer} for any that are missing. */
        Headers over(Headers outer) {
            return new Headers(from.isEmpty() ? outer.from : from, to.isEmpty() ? outer.to : to, cc.isEmpty() ? outer.cc : cc,
                    subject.isEmpty() ? outer.subject : subject, date.isPresent() ? date : outer.date);
        }
    }

    /** Walks the MIME tree: the first text part is the body, parts with content of another kind are attachments. */
    private static final class Collector {
        private final StringBuilder plain = new StringBuilder();
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();

        void walk(Part part, int depth) throws MessagingException, IOException {
            if (depth > MAX_DEPTH) {
                return;
            }
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
            if (part.isMimeType("multipart/*") && !attachment) {
                Object content = part.getContent();
                if (content instanceof Multipart mp) {
                    for (int i = 0; i < mp.getCount(); i++) {
                        BodyPart child = mp.getBodyPart(i);
                        walk(child, depth + 1);
                        if (part.isMimeType("multipart/alternative") && (plain.length() > 0 || html != null)) {
                            // The first alternative that is text is enough; the others say the same.
                            break;
                        }
                    }
                }
                return;
            }
            if (!attachment && part.isMimeType("text/plain") && plain.isEmpty()) {
                plain.append(text(part));
                return;
            }
            if (!attachment && part.isMimeType("text/html") && html == null && plain.isEmpty()) {
                html = text(part);
                return;
            }
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (bytes.length > 0 || attachment) {
                attachments.add(new Attachment(name(part), baseType(part), bytes));
            }
        }

        /** The text with the line ends people's tools expect (CRLF is only how mail carries it). */
        String body() {
            String text = plain.isEmpty() && html != null ? html : plain.toString();
            return text.replace("\r\n", "\n");
        }

        private String name(Part part) throws MessagingException {
            String name = part.getFileName();
            if (name != null && name.contains("=?")) {
                name = decode(name);
            }
            if (name == null || name.isBlank()) {
                String type = baseType(part);
                String ext = type.startsWith("text/") ? ".txt" : type.equals("message/rfc822") ? ".eml" : ".bin";
                return "attachment-" + (attachments.size() + 1) + ext;
            }
            return name;
        }
    }

    private static String text(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (UnsupportedEncodingException e) {
            // An unknown charset: the bytes as UTF-8 are more useful than nothing.
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.ParseException | NullPointerException e) {
            return "application/octet-stream";
        }
    }

    private static Optional<String> last(Part p, String name) throws MessagingException {
        String[] values = p.getHeader(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[values.length - 1]);
    }

    private static String decode(String value) {
        String unfolded = MimeUtility.unfold(value).strip();
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (UnsupportedEncodingException e) {
            return unfolded;
        }
    }

    private static List<String> addresses(Optional<String> header) {
        if (header.isEmpty()) {
            return List.of();
        }
        try {
            Address[] parsed = InternetAddress.parseHeader(MimeUtility.unfold(header.get()), false);
            List<String> out = new ArrayList<>();
            for (Address a : parsed) {
                out.add(a instanceof InternetAddress ia ? display(ia) : a.toString());
            }
            return out;
        } catch (AddressException e) {
            return List.of(decode(header.get()));
        }
    }

    /** "Name <address>" or the bare address, decoded, for people to read. */
    private static String display(InternetAddress address) {
        String personal = address.getPersonal();
        return personal == null || personal.isBlank() ? address.getAddress() : personal + " <" + address.getAddress() + ">";
    }

    private static Optional<Instant> date(String header) {
        try {
            return Optional.of(new MailDateFormat().parse(MimeUtility.unfold(header).strip()).toInstant());
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
    }
}
