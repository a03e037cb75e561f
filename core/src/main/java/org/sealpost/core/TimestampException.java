package org.sealpost.core;

/** The timestamp authority could not be reached or returned an unusable answer. */
public final class TimestampException extends SmimeException {
    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
