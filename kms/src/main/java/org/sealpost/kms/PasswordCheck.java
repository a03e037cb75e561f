package org.sealpost.kms;

import java.time.Instant;

/** The outcome of checking an address's protection password. */
public sealed interface PasswordCheck {
    /** The password is right; the wrong-try counters are reset. */
    record Ok() implements PasswordCheck {
    }

    /** The address has no protection password: release does not need one. */
    record NotProtected() implements PasswordCheck {
    }

    /**
     * The password is wrong.
     *
     * @param remainingTries wrong tries left before release locks
     */
    record Wrong(int remainingTries) implements PasswordCheck {
    }

    /**
     * Release is locked until {@code until}; the password was not checked (a right one would not
     * have helped), or this wrong try caused the lock.
     */
    record Locked(Instant until) implements PasswordCheck {
    }

    /** Whether release may go ahead as far as the password is concerned. */
    default boolean allowsRelease() {
        return this instanceof Ok || this instanceof NotProtected;
    }
}
