package org.sealpost.client.service;

import java.time.Duration;
import java.util.Optional;

/**
 * The Sealpost service could not be reached or refused a request. The message is one line for the
 * user: what was asked, and the service's own {@code message} when it sent one.
 */
public final class ServiceException extends Exception {
    /** Why the call failed. */
    public enum Kind {
        /** No answer: connection refused, timed out, DNS, TLS. Nothing was done. */
        UNREACHABLE,
        /** The service refused the request (4xx). */
        REFUSED,
        /** The service failed or is degraded (5xx); try later. */
        UNAVAILABLE,
        /** The service answered something that is not its API. */
        PROTOCOL
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final Optional<Duration> retryAfter;

    public ServiceException(Kind kind, int status, String code, String message, Optional<Duration> retryAfter) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The API's {@code error} code ({@code "wrong_password"}, ...), or "" when there was none. */
    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
