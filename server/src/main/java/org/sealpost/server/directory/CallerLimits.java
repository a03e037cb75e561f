package org.sealpost.server.directory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.directory.RateLimiter;
import org.sealpost.server.http.HttpProblem;

/**
 * The look-up quota of each {@link Caller.Tier}, and how many provisional keys a device or an API key
 * may have made; excess is 429 with {@code Retry-After}.
 */
final class CallerLimits {
    private final Map<Caller.Tier, RateLimiter> lookups = new EnumMap<>(Caller.Tier.class);
    private final Map<Caller.Tier, RateLimiter> provisional = new EnumMap<>(Caller.Tier.class);

    CallerLimits(DirectorySettings settings) {
        lookups.put(Caller.Tier.ANONYMOUS, limiter(settings.anonymous()));
        lookups.put(Caller.Tier.DEVICE, limiter(settings.device()));
        lookups.put(Caller.Tier.BUSINESS, limiter(settings.business()));
        provisional.put(Caller.Tier.DEVICE, limiter(settings.provisionalPerSender()));
        provisional.put(Caller.Tier.BUSINESS, limiter(settings.provisionalPerKey()));
    }

    /**
     * Takes {@code count} look-ups from the caller's bucket.
     *
     * @throws HttpProblem 429 {@code rate_limited} when the bucket has not that many
     */
    void take(Caller caller, int count, io.javalin.http.Context ctx) {
        Optional<Duration> wait = lookups.get(caller.tier()).tryTake(caller.id(), count);
        if (wait.isPresent()) {
            throw tooMany(ctx, wait.get(), "too many directory look-ups; try again later");
        }
    }

    /**
     * The limit on provisional keys made for senders of {@code tier} (each sender its own bucket).
     *
     * @throws IllegalArgumentException for anonymous callers, who may not ask for provisional keys
     */
    RateLimiter provisional(Caller.Tier tier) {
        RateLimiter limiter = provisional.get(tier);
        if (limiter == null) {
            throw new IllegalArgumentException(tier + " callers may not have provisional keys made");
        }
        return limiter;
    }

    /** A 429 answer with {@code Retry-After} in whole seconds, at least 1. */
    static HttpProblem tooMany(io.javalin.http.Context ctx, Duration wait, String message) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        return new HttpProblem(429, "rate_limited", message + " (retry after " + seconds + " s)");
    }

    private static RateLimiter limiter(org.sealpost.directory.Quota quota) {
        return new RateLimiter(quota, DirectorySettings.MAX_TRACKED_CLIENTS);
    }
}
