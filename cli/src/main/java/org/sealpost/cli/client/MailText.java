package org.sealpost.cli.client;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.sealpost.client.read.Attachment;
import org.sealpost.client.read.InboxEntry;
import org.sealpost.client.read.ReadMessage;

/** The plain-text output of {@code inbox} and {@code read}: words, not codes. */
final class MailText {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private MailText() {
    }

    /** One line per message under a header line. */
    static String inbox(String address, List<InboxEntry> entries) {
        StringBuilder b = new StringBuilder();
        b.append(entries.size()).append(entries.size() == 1 ? " message" : " messages").append(" in the inbox of ").append(address)
                .append(System.lineSeparator());
        if (entries.isEmpty()) {
            return b.toString();
        }
        b.append(String.format("%-6s  %-16s  %-28s  %-30s  %s%n", "ID", "DATE (UTC)", "FROM", "SUBJECT", "SECURITY"));
        for (InboxEntry e : entries) {
            b.append(String.format("%-6s  %-16s  %-28s  %-30s  %s%n", e.id(), e.date().map(SHORT::format).orElse("-"), cut(e.from(), 28),
                    cut(e.subject(), 30), security(e)));
        }
        return b.toString();
    }

    /** Headers, the security verdict, the attachments, a blank line and the text. */
    static String message(ReadMessage r, List<Path> saved) {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        b.append("From:     ").append(r.content().from()).append(nl);
        b.append("To:       ").append(String.join(", ", r.content().to())).append(nl);
        if (!r.content().cc().isEmpty()) {
            b.append("Cc:       ").append(String.join(", ", r.content().cc())).append(nl);
        }
        b.append("Date:     ").append(r.content().date().map(Object::toString).orElse("-")).append(nl);
        b.append("Subject:  ").append(r.content().subject()).append(nl);
        b.append("Security: ").append(r.encrypted() ? "encrypted" : "not encrypted").append("; ")
                .append(r.signature().map(s -> s.words()).orElse("not signed")).append(nl);
        List<Attachment> attachments = r.content().attachments();
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            b.append(i == 0 ? "Attached: " : "          ").append(a.name()).append(" (").append(a.contentType()).append(", ")
                    .append(a.size()).append(" bytes)").append(i < saved.size() ? ", saved as " + saved.get(i) : "").append(nl);
        }
        b.append(nl).append(r.content().body());
        if (!r.content().body().endsWith("\n")) {
            b.append(nl);
        }
        return b.toString();
    }

    private static String security(InboxEntry e) {
        String prefix = e.encrypted() ? "encrypted, " : "";
        return switch (e.verdict()) {
            case VERIFIED -> prefix + "signed by " + e.signature().map(s -> s.signer() + s.level().map(l -> " (" + l.words() + ")").orElse(""))
                    .orElse("?");
            case UNVERIFIED -> prefix + "signed by " + e.signature().map(s -> s.signer()).orElse("?") + " (identity not validated)";
            case UNSIGNED -> prefix + "not signed";
            case BAD -> prefix + "BAD SIGNATURE: " + e.reason();
            case UNREADABLE -> "cannot be opened: " + e.reason();
        };
    }

    private static String cut(String s, int width) {
        String one = s.replaceAll("\\p{Cntrl}", " ");
        return one.length() <= width ? one : one.substring(0, width - 1) + "…";
    }
}
