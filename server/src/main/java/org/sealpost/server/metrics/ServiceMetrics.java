package org.sealpost.server.metrics;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.sealpost.kms.KeyPool;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.server.http.Routes;

/**
 * The server's Prometheus metrics: HTTP requests by method, route template and status (a latency
 * histogram), the JVM's memory, GC, threads and CPU, each health component's state, and the key
 * pool. Told about every finished request as a Javalin {@link RequestLogger}.
 */
public final class ServiceMetrics implements RequestLogger, AutoCloseable {
    /** Histogram buckets of request latency: what matters for an API answering in milliseconds to seconds. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, HealthCheck> checks;
    private final Optional<Supplier<KeyPool.Metrics>> pool;
    private final MultiGauge componentStates;
    private final MultiGauge poolSizes;

    /**
     * @param checks the health checks, by component: their state is sampled at each scrape
     * @param pool   the key pool's counters, when the server runs one
     */
    public ServiceMetrics(Map<String, HealthCheck> checks, Optional<Supplier<KeyPool.Metrics>> pool) {
        this.checks = new LinkedHashMap<>(checks);
        this.pool = pool;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        componentStates = MultiGauge.builder("sealpost.component.state")
                .description("health of each component (and of each vault, as keys/<name>): 0 ok, 1 degraded, 2 failing")
                .register(registry);
        poolSizes = MultiGauge.builder("sealpost.key.pool.size").description("pre-generated key pairs ready, by key type")
                .register(registry);
        pool.ifPresent(metrics -> {
            FunctionCounter.builder("sealpost.key.pool.hits", metrics, m -> m.get().hits())
                    .description("key pairs taken from the pool").register(registry);
            FunctionCounter.builder("sealpost.key.pool.misses", metrics, m -> m.get().misses())
                    .description("key pairs generated on demand because the pool was empty").register(registry);
            FunctionCounter.builder("sealpost.key.pool.generated", metrics, m -> m.get().generated())
                    .description("key pairs generated in the background").register(registry);
        });
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", ctx.method().name(), "route", Routes.template(ctx), "status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos((long) (executionTimeMs * 1_000_000.0)));
    }

    /** Samples the health checks and the pool, then writes every metric in the Prometheus text format. */
    public String scrape() {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        for (var check : checks.entrySet()) {
            HealthCheck.Status status = check.getValue().checkSafely();
            states.add(MultiGauge.Row.of(Tags.of("component", check.getKey()), status.status().ordinal()));
            status.components().forEach((part, s) ->
                    states.add(MultiGauge.Row.of(Tags.of("component", check.getKey() + "/" + part), s.status().ordinal())));
        }
        componentStates.register(states, true);
        pool.ifPresent(p -> poolSizes.register(p.get().sizes().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("spec", e.getKey().toString()), e.getValue()))
                .<MultiGauge.Row<?>>map(r -> r).toList(), true));
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
