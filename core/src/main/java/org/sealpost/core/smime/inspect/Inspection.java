package org.sealpost.core.smime.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The structure of a message as far as it can be seen without keys: its S/MIME layers, outermost
 * first, and the content type found inside the last one opened.
 */
public record Inspection(String outerContentType, List<Part> layers, Optional<String> innerContentType) {

    public Inspection {
        layers = List.copyOf(layers);
    }

    /** One layer. */
    public sealed interface Part permits Signed, Enveloped {
    }

    /** A SignedData layer. */
    public record Signed(String form, boolean contentIncluded, int certificates, List<Signer> signers) implements Part {
        public Signed {
            signers = List.copyOf(signers);
        }
    }

    /** An EnvelopedData or AuthEnvelopedData layer. */
    public record Enveloped(String cmsType, String contentCipher, List<RecipientEntry> recipients) implements Part {
        public Enveloped {
            recipients = List.copyOf(recipients);
        }
    }

    /** A SignerInfo, with the subject of its certificate when the message carries it. */
    public record Signer(String id, Optional<String> subject, String digestAlgorithm, String signatureAlgorithm,
                         Optional<Instant> signingTime, boolean timestamped) {
    }

    /** A RecipientInfo. */
    public record RecipientEntry(String kind, String id, String keyEncryptionAlgorithm) {
    }
}
