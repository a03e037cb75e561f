package org.sealpost.client.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Sealpost service could not be reached or refused a request. The message is one line for the
 * user: what was asked, and the service's own {@code message} when it sent one.
 */
public final class ServiceException extends Exception {
    /**
     * What the user reads when the service refuses the device's certificate as revoked: the device
     * was removed (from another device, or by itself). One wording everywhere, from here.
     */
    public static final String DEVICE_REMOVED = "this device was removed; run 'sealpost enroll --force' to enroll it again";

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
    private final OptionalInt remainingTries;
    private final Optional<Instant> lockedUntil;

    public ServiceException(Kind kind, int status, String code, String message, Optional<Duration> retryAfter) {
        this(kind, status, code, message, retryAfter, OptionalInt.empty(), Optional.empty());
    }

    /**
     * @param remainingTries the {@code remainingTries} of a {@code wrong_password} answer
     * @param lockedUntil    the {@code lockedUntil} of a {@code locked_out} answer
     */
    public ServiceException(Kind kind, int status, String code, String message, Optional<Duration> retryAfter,
                            OptionalInt remainingTries, Optional<Instant> lockedUntil) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.remainingTries = remainingTries;
        this.lockedUntil = lockedUntil;
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

    /** Wrong protection passwords left before release locks, when the service said. */
    public OptionalInt remainingTries() {
        return remainingTries;
    }

    /** When a lock-out ends, when the service said. */
    public Optional<Instant> lockedUntil() {
        return lockedUntil;
    }

    /** True when the service refused the device's certificate as revoked: the device was removed. */
    public boolean deviceRemoved() {
        return status == 401 && "revoked_certificate".equals(code);
    }
}
