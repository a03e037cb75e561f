package org.sealpost.core;

/** The input is not a well-formed RFC 5322 message, MIME entity or CMS structure. */
public final class MalformedMessageException extends SmimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
