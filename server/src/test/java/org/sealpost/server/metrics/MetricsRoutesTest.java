package org.sealpost.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.server.http.HttpServer;
import org.sealpost.server.http.HttpSettings;

/** {@code GET /metrics} scraped over HTTP and read as a Prometheus scraper reads it. */
class MetricsRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void requestsAreCountedByRouteTemplateAndStatusBesideJvmAndServiceMetrics() throws Exception {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("database", () -> HealthCheck.Status.ok("h2"));
        checks.put("keys", () -> HealthCheck.Status.degraded("2 of 3").withComponents(Map.of(
                "a", HealthCheck.Status.ok("up"), "b", HealthCheck.Status.failing("unreachable"))));
        KeyPool.Metrics pool = new KeyPool.Metrics(Map.of(KeySpec.RSA_2048, 7), 11, 2, 40);
        try (ServiceMetrics metrics = new ServiceMetrics(checks, Optional.of(() -> pool));
                HttpServer http = new HttpServer(HttpSettings.defaults(), List.of(metrics), app -> {
                    new MetricsRoutes(metrics).register(app);
                    app.get("/things/{id}", ctx -> ctx.result(ctx.pathParam("id")));
                }).start("127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + http.port();
            get(base + "/things/123");
            get(base + "/things/456");
            get(base + "/no/such/path-789");
            HttpResponse<String> scraped = get(base + "/metrics");

            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            String text = scraped.body();
            assertThat(sample(text, "http_server_requests_seconds_count", "method=\"GET\",route=\"/things/{id}\",status=\"200\""))
                    .isEqualTo(2.0);
            assertThat(sample(text, "http_server_requests_seconds_count", "method=\"GET\",route=\"unmatched\",status=\"404\""))
                    .isEqualTo(1.0);
            assertThat(text).contains("http_server_requests_seconds_bucket{").contains("le=\"0.1\"");
            // Label values only: sample values (memory sizes...) may contain any digits.
            assertThat(text).as("no raw paths with ids as labels").doesNotContainPattern("=\"[^\"]*(123|456|path-789)[^\"]*\"");
            assertThat(sample(text, "jvm_memory_used_bytes", "area=\"heap\",id=")).isPositive();
            assertThat(sample(text, "sealpost_component_state", "component=\"database\"")).isZero();
            assertThat(sample(text, "sealpost_component_state", "component=\"keys\"")).isEqualTo(1.0);
            assertThat(sample(text, "sealpost_component_state", "component=\"keys/b\"")).isEqualTo(2.0);
            assertThat(sample(text, "sealpost_key_pool_size", "spec=\"RSA_2048\"")).isEqualTo(7.0);
            assertThat(sample(text, "sealpost_key_pool_misses_total", "")).isEqualTo(2.0);
        }
    }

    /** The value of the first sample of {@code name} whose labels start with {@code labels}. */
    private static double sample(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{" + Pattern.quote(labels) + "[^}]*})? (\\S+)$")
                .matcher(text);
        assertThat(m.find()).as(name + "{" + labels + "...} in\n" + text).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
