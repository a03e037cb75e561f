package org.sealpost.client.read;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the inbox: the message opened and checked, its body left out.
 *
 * @param id          the id {@code read} takes (the IMAP UID)
 * @param from        the sender for display (the protected inner From when there is one)
 * @param subject     the subject (the protected inner one when there is one)
 * @param date        the Date header, when readable
 * @param encrypted   it came encrypted
 * @param signed      it carries a signature
 * @param verdict     what reading concluded
 * @param reason      "ok" or why not
 * @param signature   the signature's verdict, when signed
 * @param attachments how many attachments it has
 */
public record InboxEntry(String id, String from, String subject, Optional<Instant> date, boolean encrypted, boolean signed,
                         Verdict verdict, String reason, Optional<SignatureSummary> signature, int attachments) {
    public InboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signature, "signature");
    }
}
