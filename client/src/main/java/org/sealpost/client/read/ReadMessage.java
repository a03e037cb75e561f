package org.sealpost.client.read;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as read: what it says, and what its S/MIME layers proved.
 *
 * @param id        the message's id in INBOX (the IMAP UID)
 * @param content   headers (the protected inner ones when there are), text and attachments; only the
 *                  outer headers when the message could not be opened
 * @param encrypted it came encrypted
 * @param signed    it carries at least one signature
 * @param verdict   what reading concluded
 * @param reason    "ok" or why not, in one sentence
 * @param signature the signature's verdict in one, when signed
 * @param signers   every signer of every layer, outermost first (a dual signature has two)
 */
public record ReadMessage(String id, MessageContent content, boolean encrypted, boolean signed, Verdict verdict, String reason,
                          Optional<SignatureSummary> signature, List<SignerVerdict> signers) {
    public ReadMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signature, "signature");
        signers = List.copyOf(signers);
    }
}
