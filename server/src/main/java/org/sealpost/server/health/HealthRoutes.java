package org.sealpost.server.health;

import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 when every component is healthy, 503 otherwise, with each component's status. */
public final class HealthRoutes {
    private final Map<String, HealthCheck> checks;

    /** @param checks by component name, in the order they are reported */
    public HealthRoutes(Map<String, HealthCheck> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    public void register(Javalin app) {
        app.get("/health", ctx -> {
            Map<String, HealthCheck.Status> statuses = new LinkedHashMap<>();
            boolean healthy = true;
            for (var entry : checks.entrySet()) {
                HealthCheck.Status status = safely(entry.getValue());
                statuses.put(entry.getKey(), status);
                healthy &= status.healthy();
            }
            ctx.header("Cache-Control", "no-store");
            ctx.status(healthy ? 200 : 503).json(Map.of("status", healthy ? "ok" : "failing", "components", statuses));
        });
    }

    private static HealthCheck.Status safely(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return HealthCheck.Status.failing(e.getClass().getSimpleName());
        }
    }
}
