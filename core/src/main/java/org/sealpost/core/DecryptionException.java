package org.sealpost.core;

/** The message is well formed but cannot be decrypted: no key matches, or the ciphertext was altered. */
public final class DecryptionException extends SmimeException {
    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
