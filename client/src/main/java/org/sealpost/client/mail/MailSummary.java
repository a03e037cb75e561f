package org.sealpost.client.mail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of the inbox as the server describes it, without downloading it.
 *
 * @param id          the IMAP UID in INBOX, as a decimal string; what {@link MailClient#fetch} and
 *                    {@link MailClient#delete} take
 * @param from        the first {@code From} address for display, e.g. {@code Alice <alice@example.org>};
 *                    empty when there is none
 * @param to          the {@code To} addresses for display
 * @param subject     the decoded subject; empty when there is none
 * @param date        the {@code Date} header, when present and readable
 * @param contentType the top-level {@code Content-Type} with its parameters on one line, e.g.
 *                    {@code application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m};
 *                    {@code text/plain} when absent
 * @param size        the size in bytes the server reports, -1 when unknown
 */
public record MailSummary(String id, String from, List<String> to, String subject, Optional<Instant> date,
                          String contentType, long size) {
    public MailSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(contentType, "contentType");
    }
}
