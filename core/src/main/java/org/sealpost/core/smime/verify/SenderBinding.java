package org.sealpost.core.smime.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the signatures to the sender (RFC 8550 section 3): the From address must be named by the
 * certificate of a signer. With nested signatures, such as a signed message forwarded inside the
 * forwarder's own signature or a mailing list agent's signature around the author's, one signer
 * naming it is enough, in any layer; the others are still checked in full and reported with a
 * warning that they are not the sender. When no signer names the From address, every signer whose
 * certificate does not name it fails, as a signature by someone else than the sender.
 */
final class SenderBinding {
    private SenderBinding() {
    }

    static List<Layer> apply(Optional<String> from, List<Layer> layers) {
        if (from.isEmpty()) {
            return layers;
        }
        String sender = from.get();
        boolean named = layers.stream().filter(l -> l instanceof Layer.Signed).flatMap(l -> ((Layer.Signed) l).signers().stream())
                .anyMatch(s -> s.certificateEmails().contains(sender));
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (!(layer instanceof Layer.Signed signed)) {
                out.add(layer);
                continue;
            }
            List<SignerResult> signers = new ArrayList<>();
            for (SignerResult s : signed.signers()) {
                signers.add(bind(s, sender, named));
            }
            out.add(new Layer.Signed(signed.form(), signers, signed.problem()));
        }
        return out;
    }

    private static SignerResult bind(SignerResult s, String sender, boolean namedElsewhere) {
        if (!s.valid() || s.certificateEmails().isEmpty() || s.certificateEmails().contains(sender)) {
            return s;
        }
        String addresses = String.join(", ", s.certificateEmails());
        if (namedElsewhere) {
            return s.warning("the signer certificate is for " + addresses + ", not for the From address " + sender
                    + "; another signer of the message is the sender");
        }
        return s.failing("the signer certificate is for " + addresses + ", not for the From address " + sender);
    }
}
