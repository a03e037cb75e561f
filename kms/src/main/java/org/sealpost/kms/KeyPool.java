package org.sealpost.kms;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.DestroyFailedException;

/**
 * Pre-generated key pairs, so that a burst of new addresses (provisional keys, bulk sign-ups) does
 * not wait for RSA generation (about 10 keys per second per core).
 *
 * <p>Each pooled spec keeps up to its {@linkplain KeyPoolSettings#target(KeySpec) target} key pairs
 * in memory; a background executor of daemon threads (at most one per core) tops the pool up after
 * every take. {@link #take(KeySpec)} never waits for the refill: when the pool is empty it generates
 * one key pair on the caller's thread, so a take never takes longer than generating a key directly.
 * Refilling starts when the pool is constructed.
 *
 * <p>Pooled keys are in memory only, never persisted: a restart simply starts with an empty pool.
 * {@link #close()} stops the refill and tries to destroy pooled private keys. The JDK's RSA and EC
 * private keys do not implement {@link javax.security.auth.Destroyable#destroy()} and keep their
 * values in immutable {@link java.math.BigInteger}s (and cached encodings) that cannot be zeroed;
 * after close they are merely unreachable and left to the garbage collector.
 *
 * <p>Thread-safe.
 */
public final class KeyPool implements AutoCloseable {
    private final KeyPairFactory factory;
    private final KeyPoolSettings settings;
    private final Map<KeySpec, Queue<KeyPair>> pools = new EnumMap<>(KeySpec.class);
    private final Map<KeySpec, AtomicInteger> sizes = new EnumMap<>(KeySpec.class);
    private final Map<KeySpec, AtomicBoolean> refilling = new EnumMap<>(KeySpec.class);
    private final ExecutorService refill;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();

    /** A pool making keys with {@code factory} as {@code settings} say; starts refilling at once. */
    public KeyPool(KeyPairFactory factory, KeyPoolSettings settings) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.settings = Objects.requireNonNull(settings, "settings");
        for (KeySpec spec : KeySpec.values()) {
            pools.put(spec, new ConcurrentLinkedQueue<>());
            sizes.put(spec, new AtomicInteger());
            refilling.put(spec, new AtomicBoolean());
        }
        int threads = Math.min(settings.threads(), Runtime.getRuntime().availableProcessors());
        this.refill = Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads(Integer.toHexString(System.identityHashCode(this))));
        for (KeySpec spec : settings.targets().keySet()) {
            requestRefill(spec);
        }
    }

    private static ThreadFactory daemonThreads(String pool) {
        AtomicInteger thread = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sealpost-keypool-" + pool + "-" + thread.incrementAndGet());
            // Never keep the JVM alive just to make keys nobody will take.
            t.setDaemon(true);
            // Key generation is background work; request threads come first.
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        };
    }

    /**
     * A fresh key pair of {@code spec}: from the pool when one is ready (a hit), else generated now on
     * the calling thread (a miss). Each key pair is handed out once.
     *
     * @throws IllegalStateException when the pool is closed
     */
    public KeyPair take(KeySpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed.get()) {
            throw new IllegalStateException("the key pool is closed");
        }
        KeyPair pooled = pools.get(spec).poll();
        if (pooled != null) {
            sizes.get(spec).decrementAndGet();
            hits.incrementAndGet();
            requestRefill(spec);
            return pooled;
        }
        misses.incrementAndGet();
        requestRefill(spec);
        return factory.generate(spec);
    }

    /** Counters and current sizes, for monitoring. */
    public Metrics metrics() {
        Map<KeySpec, Integer> now = new EnumMap<>(KeySpec.class);
        for (KeySpec spec : settings.targets().keySet()) {
            now.put(spec, sizes.get(spec).get());
        }
        return new Metrics(now, hits.get(), misses.get(), generated.get());
    }

    /** Whether the refill threads have all ended (after {@link #close()}). */
    public boolean refillStopped() {
        return refill.isTerminated();
    }

    private void requestRefill(KeySpec spec) {
        if (settings.target(spec) == 0 || closed.get()) {
            return;
        }
        // One refill task per spec at a time; it loops until the pool is full.
        if (!refilling.get(spec).compareAndSet(false, true)) {
            return;
        }
        try {
            refill.execute(() -> fill(spec));
        } catch (RejectedExecutionException e) {
            // Closed between the check and the submit: nothing to refill any more.
            refilling.get(spec).set(false);
        }
    }

    private void fill(KeySpec spec) {
        int target = settings.target(spec);
        try {
            while (!closed.get() && !Thread.currentThread().isInterrupted() && sizes.get(spec).get() < target) {
                KeyPair pair = factory.generate(spec);
                generated.incrementAndGet();
                if (closed.get()) {
                    destroy(pair);
                    return;
                }
                pools.get(spec).add(pair);
                sizes.get(spec).incrementAndGet();
            }
        } finally {
            refilling.get(spec).set(false);
        }
        // A take between the last size check and clearing the flag would otherwise go unrefilled.
        if (!closed.get() && sizes.get(spec).get() < target) {
            requestRefill(spec);
        }
    }

    /**
     * Stops the refill, waits up to 10 s for a key generation in progress to finish, and drops the
     * pooled keys, destroying them where the JDK allows (see the class comment). Safe to call more
     * than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        refill.shutdownNow();
        try {
            refill.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (KeySpec spec : KeySpec.values()) {
            KeyPair pair;
            while ((pair = pools.get(spec).poll()) != null) {
                sizes.get(spec).decrementAndGet();
                destroy(pair);
            }
        }
    }

    private static void destroy(KeyPair pair) {
        PrivateKey key = pair.getPrivate();
        if (key == null || key.isDestroyed()) {
            return;
        }
        try {
            key.destroy();
        } catch (DestroyFailedException | UnsupportedOperationException e) {
            // The JDK's RSA and EC keys cannot be destroyed (immutable BigIntegers); dropping the
            // reference is all that can be done.
        }
    }

    @Override
    public String toString() {
        return "KeyPool[" + metrics() + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * A snapshot of the pool's counters.
     *
     * @param sizes     pooled key pairs now, per pooled spec
     * @param hits      takes served from the pool
     * @param misses    takes that generated a key on the caller's thread
     * @param generated key pairs made by the background refill
     */
    public record Metrics(Map<KeySpec, Integer> sizes, long hits, long misses, long generated) {
        public Metrics {
            sizes = Map.copyOf(sizes);
        }

        /** Pooled key pairs of {@code spec} now. */
        public int size(KeySpec spec) {
            return sizes.getOrDefault(spec, 0);
        }
    }
}
