package org.sealpost.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sealpost.server.http.HttpServer;

/** The overall state is the worst component's; degraded still answers 200, failing 503. */
class HealthRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theWorstComponentDecides() throws Exception {
        HealthCheck.Status ok = HealthCheck.Status.ok("fine");
        HealthCheck.Status degraded = HealthCheck.Status.degraded("2 of 3 vaults")
                .withComponents(Map.of("c", HealthCheck.Status.failing("unreachable")));
        assertHealth(Map.of("a", () -> ok), 200, "ok");
        JsonNode body = assertHealth(checks(ok, degraded), 200, "degraded");
        assertThat(body.path("components").path("second").path("components").path("c").path("status").asText()).isEqualTo("failing");
        assertThat(body.path("components").path("first").has("components")).as("no empty parts").isFalse();
        assertHealth(checks(degraded, HealthCheck.Status.failing("down")), 503, "failing");
        JsonNode thrown = assertHealth(Map.of("broken", () -> {
            throw new IllegalStateException("secret detail");
        }), 503, "failing");
        assertThat(thrown.toString()).doesNotContain("secret detail").contains("IllegalStateException");
    }

    private static Map<String, HealthCheck> checks(HealthCheck.Status first, HealthCheck.Status second) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("first", () -> first);
        checks.put("second", () -> second);
        return checks;
    }

    private static JsonNode assertHealth(Map<String, HealthCheck> checks, int status, String state) throws Exception {
        try (HttpServer http = new HttpServer(new HealthRoutes(checks)::register).start("127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("status").asText()).isEqualTo(state);
            return body;
        }
    }
}
