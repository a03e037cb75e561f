package org.sealpost.client.send;

import java.util.List;
import java.util.Objects;

/**
 * What a send did.
 *
 * @param messageId   the mail's Message-ID
 * @param recipients  one report per recipient, To then Cc
 * @param signedWith  what signed it ("device certificate", "V2", ...); empty when not signed
 * @param timestamped whether the signatures carry a timestamp of the service's TSA
 * @param savedToSent whether the copy is in the Sent folder
 * @param warnings    what did not work but did not stop the mail, one line each
 * @param serviceCalls how many calls the recipients' look-up made (0 when all came from the cache)
 */
public record SendReport(String messageId, List<RecipientReport> recipients, List<String> signedWith, boolean timestamped,
                         boolean savedToSent, List<String> warnings, int serviceCalls) {
    public SendReport {
        Objects.requireNonNull(messageId, "messageId");
        recipients = List.copyOf(recipients);
        signedWith = List.copyOf(signedWith);
        warnings = List.copyOf(warnings);
    }
}
