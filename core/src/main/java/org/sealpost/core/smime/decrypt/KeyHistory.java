package org.sealpost.core.smime.decrypt;

import java.util.List;
import org.sealpost.core.keys.Identity;

/**
 * Every decryption key a person has held, newest first. Old keys are kept so that old mail stays
 * readable after a certificate expires or is replaced.
 */
public record KeyHistory(List<Identity> keys) {

    public KeyHistory {
        keys = List.copyOf(keys);
    }

    public static KeyHistory of(Identity... keys) {
        return new KeyHistory(List.of(keys));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
