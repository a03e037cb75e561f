package org.sealpost.kms;

/**
 * A release package cannot be made or opened: the transport key is unsuitable or not a recipient,
 * or the envelope is damaged or tampered with. The message never contains key material.
 */
public final class ReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message} and {@code cause} (which may be null). */
    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with {@code message}. */
    public ReleaseException(String message) {
        super(message);
    }
}
