package org.sealpost.client.manage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The service refused to set or change the key-protection password. The message is one line for
 * the user and never contains a password.
 */
public final class KeyPasswordException extends Exception {
    /** Why. */
    public enum Reason {
        /** The current password given is wrong; {@link #remainingTries()} says how many are left. */
        WRONG_CURRENT,
        /** Too many wrong passwords: changes are locked until {@link #lockedUntil()}. */
        LOCKED_OUT,
        /** A password is set (perhaps by another device just now) and the current one was not given. */
        CURRENT_REQUIRED,
        /** The current one was given, but no password is set (removed by another device meanwhile). */
        NOT_PROTECTED
    }

    private final Reason reason;
    private final OptionalInt remainingTries;
    private final Optional<Instant> lockedUntil;

    public KeyPasswordException(Reason reason, String message, OptionalInt remainingTries, Optional<Instant> lockedUntil) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.remainingTries = Objects.requireNonNull(remainingTries, "remainingTries");
        this.lockedUntil = Objects.requireNonNull(lockedUntil, "lockedUntil");
    }

    public Reason reason() {
        return reason;
    }

    public OptionalInt remainingTries() {
        return remainingTries;
    }

    public Optional<Instant> lockedUntil() {
        return lockedUntil;
    }
}
