package org.sealpost.storage;

/**
 * A storage failure: the database cannot be reached or opened, a migration failed, or a statement
 * failed. Messages are written for an operator, name the JDBC URL without credentials and never
 * contain a password.
 */
public final class StorageException extends RuntimeException {

    /** A failure with no underlying exception. */
    public StorageException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}; the message must already be free of secrets. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
