package org.sealpost.core;

/**
 * Base of every error the engine reports to its caller. Messages are written for the person who
 * runs the command: they say what is wrong and never contain key material or passwords.
 */
public abstract sealed class SmimeException extends Exception
        permits MalformedMessageException, KeyMaterialException, DecryptionException,
                UnsupportedRequestException, TimestampException {

    protected SmimeException(String message) {
        super(message);
    }

    protected SmimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
