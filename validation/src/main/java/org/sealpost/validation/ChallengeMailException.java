package org.sealpost.validation;

/** A challenge mail could not be handed to the SMTP relay; the message says why, without secrets. */
public final class ChallengeMailException extends Exception {
    ChallengeMailException(String message, Throwable cause) {
        super(message, cause);
    }
}
