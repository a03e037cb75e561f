package org.sealpost.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on one connection inside a transaction, see {@link Database#inTransaction(SqlWork)}.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {
    /** Runs the work; the connection is in a transaction the caller commits or rolls back. */
    T run(Connection c) throws SQLException;
}
