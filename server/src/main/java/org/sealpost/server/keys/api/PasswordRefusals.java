package org.sealpost.server.keys.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sealpost.kms.PasswordCheck;
import org.sealpost.kms.ReleaseRefusedException;

/**
 * The answers when the protection password stands in the way, the same for a release and for a
 * change of the password: 403 {@code password_required}, 403 {@code wrong_password} with the tries
 * left, 429 {@code locked_out} with {@code Retry-After} and the end of the lock-out.
 */
final class PasswordRefusals {
    static final String REQUIRED = "password_required";
    static final String WRONG = "wrong_password";
    static final String LOCKED = "locked_out";

    private final Clock clock;

    PasswordRefusals(Clock clock) {
        this.clock = clock;
    }

    /**
     * The error body: the usual {@code error} and {@code message}, plus what a device shows its user.
     *
     * @param remainingTries wrong tries left before release locks ({@code wrong_password} only)
     * @param lockedUntil    when the lock-out ends, ISO-8601 ({@code locked_out} only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String error, String message, Integer remainingTries, String lockedUntil) {
    }

    void answer(Context ctx, ReleaseRefusedException refused) {
        switch (refused.reason()) {
            case PASSWORD_REQUIRED -> required(ctx, "this address has a protection password: send it as \"password\"");
            case WRONG_PASSWORD -> wrong(ctx, refused.getMessage(), refused.remainingTries().orElseThrow());
            case LOCKED -> locked(ctx, refused.getMessage(), refused.lockedUntil().orElseThrow());
        }
    }

    /** For a check that failed: {@link PasswordCheck.Wrong} or {@link PasswordCheck.Locked}. */
    void answer(Context ctx, PasswordCheck check) {
        switch (check) {
            case PasswordCheck.Wrong w -> wrong(ctx, "wrong protection password: " + w.remainingTries()
                    + " tries left before release locks", w.remainingTries());
            case PasswordCheck.Locked l -> locked(ctx, "locked after too many wrong protection passwords until "
                    + l.until(), l.until());
            case PasswordCheck.Ok o -> throw new IllegalArgumentException("the check passed");
            case PasswordCheck.NotProtected n -> throw new IllegalArgumentException("the check passed");
        }
    }

    void required(Context ctx, String message) {
        ctx.status(403).json(new Body(REQUIRED, message, null, null));
    }

    private void wrong(Context ctx, String message, int remainingTries) {
        ctx.status(403).json(new Body(WRONG, message, remainingTries, null));
    }

    private void locked(Context ctx, String message, Instant until) {
        long seconds = Duration.between(clock.instant(), until).toSeconds() + 1;
        ctx.header("Retry-After", Long.toString(Math.max(1, seconds)));
        ctx.status(429).json(new Body(LOCKED, message, null, until.toString()));
    }
}
