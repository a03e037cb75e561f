package org.sealpost.server.directory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.directory.RateLimiter;
import org.sealpost.server.http.HttpProblem;

/** The look-up quota of each {@link Caller.Tier}; excess is 429 with {@code Retry-After}. */
final class CallerLimits {
    private final Map<Caller.Tier, RateLimiter> limiters = new EnumMap<>(Caller.Tier.class);

    CallerLimits(DirectorySettings settings) {
        limiters.put(Caller.Tier.ANONYMOUS, new RateLimiter(settings.anonymous(), DirectorySettings.MAX_TRACKED_CLIENTS));
        limiters.put(Caller.Tier.DEVICE, new RateLimiter(settings.device(), DirectorySettings.MAX_TRACKED_CLIENTS));
    }

    /**
     * Takes {@code lookups} from the caller's bucket.
     *
     * @throws HttpProblem 429 {@code rate_limited} when the bucket has not that many
     */
    void take(Caller caller, int lookups, io.javalin.http.Context ctx) {
        Optional<Duration> wait = limiters.get(caller.tier()).tryTake(caller.id(), lookups);
        if (wait.isPresent()) {
            throw tooMany(ctx, wait.get(), "too many directory look-ups; try again later");
        }
    }

    /** A 429 answer with {@code Retry-After} in whole seconds, at least 1. */
    static HttpProblem tooMany(io.javalin.http.Context ctx, Duration wait, String message) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        return new HttpProblem(429, "rate_limited", message + " (retry after " + seconds + " s)");
    }
}
