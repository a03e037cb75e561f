package org.sealpost.kms;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A release was refused because of the address's protection password: none was given, it was wrong,
 * or release is locked after too many wrong tries. Carries what a client may show the owner.
 */
public final class ReleaseRefusedException extends KeyServiceException {
    private static final long serialVersionUID = 1L;

    /** Why the release was refused. */
    public enum Reason {
        /** The address is protected and the request carried no password (no try was counted). */
        PASSWORD_REQUIRED,
        /** The password was wrong; {@link #remainingTries()} says how many tries are left. */
        WRONG_PASSWORD,
        /** Release is locked until {@link #lockedUntil()}; the password was not checked or this try locked it. */
        LOCKED
    }

    private final Reason reason;
    private final Integer remainingTries;
    private final Instant lockedUntil;

    private ReleaseRefusedException(String message, Reason reason, Integer remainingTries, Instant lockedUntil) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.remainingTries = remainingTries;
        this.lockedUntil = lockedUntil;
    }

    /** Refused: the address is protected and no password was given. */
    static ReleaseRefusedException passwordRequired(String address) {
        return new ReleaseRefusedException("release of the keys of " + address + " needs its protection password",
                Reason.PASSWORD_REQUIRED, null, null);
    }

    /** Refused as {@code check} says; {@code check} must not allow release. */
    static ReleaseRefusedException of(String address, PasswordCheck check) {
        return switch (check) {
            case PasswordCheck.Wrong w -> new ReleaseRefusedException("wrong protection password for " + address + ": "
                    + w.remainingTries() + " tries left before release locks", Reason.WRONG_PASSWORD, w.remainingTries(), null);
            case PasswordCheck.Locked l -> new ReleaseRefusedException("release of the keys of " + address
                    + " is locked after too many wrong protection passwords until " + l.until(), Reason.LOCKED, null, l.until());
            case PasswordCheck.Ok o -> throw new IllegalArgumentException("the password check allows release");
            case PasswordCheck.NotProtected n -> throw new IllegalArgumentException("the password check allows release");
        };
    }

    /** Why the release was refused. */
    public Reason reason() {
        return reason;
    }

    /** Wrong tries left before release locks, for {@link Reason#WRONG_PASSWORD}. */
    public Optional<Integer> remainingTries() {
        return Optional.ofNullable(remainingTries);
    }

    /** When the lock-out ends, for {@link Reason#LOCKED}. */
    public Optional<Instant> lockedUntil() {
        return Optional.ofNullable(lockedUntil);
    }
}
