package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
    private static final int TARGET = 8;

    private final KeyPairFactory factory = new KeyPairFactory();

    @Test
    void burstAfterWarmUpIsServedFromThePoolAndRefilled() throws Exception {
        try (KeyPool pool = new KeyPool(factory, new KeyPoolSettings(Map.of(KeySpec.EC_P256, TARGET), 1))) {
            waitFor(() -> pool.metrics().size(KeySpec.EC_P256) == TARGET);

            Set<KeyPair> taken = new HashSet<>();
            for (int i = 0; i < TARGET; i++) {
                taken.add(pool.take(KeySpec.EC_P256));
            }
            assertThat(taken).hasSize(TARGET);
            assertThat(pool.metrics().hits()).isEqualTo(TARGET);
            assertThat(pool.metrics().misses()).isZero();

            waitFor(() -> pool.metrics().size(KeySpec.EC_P256) == TARGET);
            assertThat(pool.metrics().generated()).isGreaterThanOrEqualTo(2L * TARGET);
        }
    }

    @Test
    void unpooledSpecIsGeneratedOnTheCallersThreadAsAMiss() {
        try (KeyPool pool = new KeyPool(factory, new KeyPoolSettings(Map.of(KeySpec.EC_P256, 0), 1))) {
            KeyPair pair = pool.take(KeySpec.EC_P384);
            assertThat(pair.getPublic().getAlgorithm()).isEqualTo("EC");
            assertThat(pool.metrics().misses()).isEqualTo(1);
            assertThat(pool.metrics().hits()).isZero();
            assertThat(pool.metrics().generated()).isZero();
        }
    }

    @Test
    void closeStopsTheRefillThreadsAndEmptiesThePool() throws Exception {
        KeyPool pool = new KeyPool(factory, new KeyPoolSettings(Map.of(KeySpec.EC_P256, TARGET, KeySpec.EC_P384, 2), 2));
        waitFor(() -> pool.metrics().size(KeySpec.EC_P256) > 0);
        pool.close();

        assertThat(pool.refillStopped()).isTrue();
        assertThat(pool.metrics().size(KeySpec.EC_P256)).isZero();
        assertThat(pool.metrics().size(KeySpec.EC_P384)).isZero();
        assertThatThrownBy(() -> pool.take(KeySpec.EC_P256)).isInstanceOf(IllegalStateException.class);
        pool.close(); // idempotent
    }

    @Test
    void refillThreadsAreDaemons() throws Exception {
        try (KeyPool pool = new KeyPool(factory, new KeyPoolSettings(Map.of(KeySpec.EC_P256, 1000), 1))) {
            String prefix = "sealpost-keypool-" + Integer.toHexString(System.identityHashCode(pool));
            waitFor(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix)));
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith(prefix))
                    .allMatch(Thread::isDaemon);
        }
    }

    @Test
    void concurrentTakesNeverShareAKeyPair() throws Exception {
        try (KeyPool pool = new KeyPool(factory, new KeyPoolSettings(Map.of(KeySpec.EC_P256, 20), 1))) {
            Set<KeyPair> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            taken.add(pool.take(KeySpec.EC_P256));
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(taken).hasSize(200);
            assertThat(pool.metrics().hits() + pool.metrics().misses()).isEqualTo(200);
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new KeyPoolSettings(Map.of(KeySpec.EC_P256, -1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyPoolSettings(Map.of(KeySpec.EC_P256, 1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(KeyPoolSettings.defaults().target(KeySpec.RSA_2048)).isEqualTo(50);
        assertThat(KeyPoolSettings.defaults().target(KeySpec.EC_P256)).isZero();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
