package org.sealpost.core.smime.verify;

import java.util.List;
import java.util.Optional;

/**
 * The result of verifying a message, as data.
 *
 * @param valid  at least one signature was found and every signer of every layer reached is valid and trusted
 * @param reason "ok" or the first problem, in one sentence
 * @param from   the From address the signers were checked against
 * @param layers the S/MIME layers, outermost first
 */
public record VerificationReport(boolean valid, String reason, Optional<String> from, List<Layer> layers) {

    public VerificationReport {
        layers = List.copyOf(layers);
    }

    /** Every signer of every signed layer, outermost first. */
    public List<SignerResult> signers() {
        return layers.stream().filter(l -> l instanceof Layer.Signed).flatMap(l -> ((Layer.Signed) l).signers().stream()).toList();
    }
}
