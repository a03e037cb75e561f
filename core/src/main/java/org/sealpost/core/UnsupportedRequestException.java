package org.sealpost.core;

/** The request cannot be carried out as asked: an algorithm a key does not support, a key that does not match its certificate. */
public final class UnsupportedRequestException extends SmimeException {
    public UnsupportedRequestException(String message) {
        super(message);
    }

    public UnsupportedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
