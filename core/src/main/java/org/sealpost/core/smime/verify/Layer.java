package org.sealpost.core.smime.verify;

import java.util.List;
import java.util.Optional;
import org.sealpost.core.smime.sign.SignatureForm;

/** One S/MIME layer of a message, outermost first. */
public sealed interface Layer permits Layer.Signed, Layer.Encrypted {

    /**
     * A signature layer.
     *
     * @param problem set when the layer itself is unusable (no signers, content missing or
     *                differing from embedded content), independent of any signer
     */
    record Signed(SignatureForm form, List<SignerResult> signers, Optional<String> problem) implements Layer {
        public Signed {
            signers = List.copyOf(signers);
        }

        public boolean allValidAndTrusted() {
            return problem.isEmpty() && !signers.isEmpty() && signers.stream().allMatch(s -> s.valid() && s.trusted());
        }
    }

    /**
     * An encryption layer.
     *
     * @param contentCipher e.g. aes256-gcm, or "unknown" when it was not opened
     * @param decrypted     whether a given key opened it
     * @param note          why it was not opened, or which key opened it
     */
    record Encrypted(String contentCipher, boolean decrypted, String note) implements Layer {
    }
}
