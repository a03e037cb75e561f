package org.sealpost.kms;

import java.security.PrivateKey;
import javax.security.auth.DestroyFailedException;

/** Disposal of private key objects. */
final class PrivateKeys {
    private PrivateKeys() {
    }

    /** Destroys {@code key} where its provider allows; the JDK's RSA and EC keys do not (see docs/KMS.md). */
    static void destroy(PrivateKey key) {
        if (key.isDestroyed()) {
            return;
        }
        try {
            key.destroy();
        } catch (DestroyFailedException | RuntimeException e) {
            // Nothing more can be done here; the reference is dropped.
        }
    }
}
