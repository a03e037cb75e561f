package org.sealpost.server.metrics;

import io.javalin.Javalin;
import java.util.Objects;

/** {@code GET /metrics}: the Prometheus text exposition format. */
public final class MetricsRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServiceMetrics metrics;

    public MetricsRoutes(ServiceMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public void register(Javalin app) {
        app.get("/metrics", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
        });
    }
}
