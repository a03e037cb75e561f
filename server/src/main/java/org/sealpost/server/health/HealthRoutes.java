package org.sealpost.server.health;

import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: the state of every component and overall the worst of them: {@code ok} and
 * {@code degraded} answer 200 (the server still serves what it is asked for), {@code failing} 503.
 */
public final class HealthRoutes {
    private final Map<String, HealthCheck> checks;

    /** @param checks by component name, in the order they are reported */
    public HealthRoutes(Map<String, HealthCheck> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    public void register(Javalin app) {
        app.get("/health", ctx -> {
            Map<String, HealthCheck.Status> statuses = new LinkedHashMap<>();
            HealthCheck.State overall = HealthCheck.State.OK;
            for (var entry : checks.entrySet()) {
                HealthCheck.Status status = entry.getValue().checkSafely();
                statuses.put(entry.getKey(), status);
                overall = overall.worse(status.status());
            }
            ctx.header("Cache-Control", "no-store");
            ctx.status(overall == HealthCheck.State.FAILING ? 503 : 200)
                    .json(Map.of("status", overall, "components", statuses));
        });
    }
}
