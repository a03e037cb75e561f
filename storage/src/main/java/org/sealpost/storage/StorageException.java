package org.sealpost.storage;

import java.sql.SQLException;

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

    /**
     * Whether a statement failed because a row with the same unique key exists (SQLState 23505 on
     * H2 and PostgreSQL alike): the way an insert-if-absent learns that it lost.
     */
    public boolean isUniqueViolation() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
