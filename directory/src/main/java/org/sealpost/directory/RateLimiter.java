package org.sealpost.directory;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token buckets (Bucket4j) per client key, all with one {@link Quota}. The buckets live in this
 * process: behind a load balancer each node allows the quota, so a client gets at most nodes × quota;
 * docs/DIRECTORY.md says how to share them. The least recently used buckets are forgotten beyond
 * {@code maxClients}, so a flood of client keys cannot exhaust memory (a forgotten client starts
 * over with a full bucket, which costs little). Thread-safe.
 */
public final class RateLimiter {
    private final Quota quota;
    private final Map<String, Bucket> buckets;

    public RateLimiter(Quota quota, int maxClients) {
        this.quota = Objects.requireNonNull(quota, "quota");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1");
        }
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes {@code tokens} from {@code client}'s bucket.
     *
     * @return empty when allowed, else how long until that many tokens are there again (nothing taken)
     */
    public Optional<Duration> tryTake(String client, long tokens) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(client, k -> newBucket());
        }
        if (tokens > quota.requests()) {
            return Optional.of(quota.period());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    public Quota quota() {
        return quota;
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(quota.requests()).refillGreedy(quota.requests(), quota.period()).build())
                .build();
    }
}
