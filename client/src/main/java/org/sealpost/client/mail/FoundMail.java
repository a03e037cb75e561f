package org.sealpost.client.mail;

import java.util.Objects;

/**
 * A message {@link MailClient#await} found.
 *
 * @param id      its IMAP UID in INBOX, as a decimal string
 * @param subject its decoded subject; empty when there is none
 */
public record FoundMail(String id, String subject) {
    public FoundMail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
    }
}
