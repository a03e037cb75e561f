package org.sealpost.storage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Short, operator-readable reasons for connection and statement failures. Driver messages are
 * long and multi-line (PostgreSQL's "Check that the hostname and port are correct and that the
 * postmaster is accepting TCP/IP connections"), so the common causes get a few words of their own.
 */
final class FailureReasons {
    // H2 error codes (org.h2.api.ErrorCode), spelled out to keep H2 off the compile path of callers.
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_WRONG_USER_OR_PASSWORD = 28000;
    private static final int H2_FILE_LOCKED = 90033;
    private static final int H2_DATABASE_NOT_FOUND = 90146;

    private FailureReasons() {
    }

    /** Why a connection could not be made, in a few words. */
    static String connectFailure(Throwable failure, String user) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException u) {
                return "unknown host " + u.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "connection timed out";
            }
        }
        SQLException sql = firstSqlException(failure);
        if (sql != null) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            int code = sql.getErrorCode();
            if (state.equals("28P01") || state.equals("28000") || code == H2_WRONG_USER_OR_PASSWORD) {
                return "authentication failed for user " + (user == null ? "(default)" : user);
            }
            if (state.equals("3D000")) {
                return "the database does not exist";
            }
            if (code == H2_DATABASE_ALREADY_OPEN || code == H2_FILE_LOCKED) {
                return "the database file is locked by another process (use AUTO_SERVER=TRUE to share it)";
            }
            if (code == H2_DATABASE_NOT_FOUND) {
                return "the database does not exist";
            }
            return firstLine(sql.getMessage());
        }
        return firstLine(failure.getMessage());
    }

    /** The first line of a message (drivers append SQL text and hints on later lines). */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** {@code message} with every occurrence of the password masked: a last guard against drivers echoing it. */
    static String withoutSecret(String message, char[] password) {
        if (message == null || password == null || password.length == 0) {
            return message;
        }
        return message.replace(new String(password), "***");
    }

    private static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
