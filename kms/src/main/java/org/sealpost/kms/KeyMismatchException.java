package org.sealpost.kms;

/**
 * A rebuilt private key is not the key whose public half is on record: a share is wrong, tampered
 * with, or belongs to another key. The message never contains key material.
 */
public final class KeyMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public KeyMismatchException(String message) {
        super(message);
    }
}
