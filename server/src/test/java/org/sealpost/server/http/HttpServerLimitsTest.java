package org.sealpost.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules every route gets from {@link HttpServer}: the body limit with and without
 * Content-Length, malformed JSON as 400 {@code bad_json}, request ids, and an access log that names
 * route templates and never headers or bodies.
 */
class HttpServerLimitsTest {
    private static final long LIMIT = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<String> ACCESS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger HANDLED = new AtomicInteger();

    /** What the echo route parses bodies into: a typed request, as the API's handlers do. */
    record Greeting(String name, int times) {
    }

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = new HttpServer(new HttpSettings(LIMIT, Optional.empty(), false), List.of(new AccessLog(ACCESS::add)), app -> {
            app.post("/things/{id}", ctx -> {
                Greeting greeting = ctx.bodyAsClass(Greeting.class);
                HANDLED.incrementAndGet();
                ctx.status(201).json(Map.of("id", ctx.pathParam("id"), "name", greeting.name()));
            });
            app.post("/raw", ctx -> ctx.result(Integer.toString(ctx.bodyAsBytes().length)));
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyWithinTheLimitIsServedWithOrWithoutContentLength() throws Exception {
        byte[] body = new byte[(int) LIMIT];
        Arrays.fill(body, (byte) 'a');
        assertThat(send(post("/raw", HttpRequest.BodyPublishers.ofByteArray(body))).body()).isEqualTo(Long.toString(LIMIT));
        assertThat(send(post("/raw", chunked(body))).body()).isEqualTo(Long.toString(LIMIT));
    }

    @Test
    void aDeclaredOversizedBodyIs413BeforeTheHandlerRuns() throws Exception {
        int before = HANDLED.get();
        byte[] body = ("{\"name\":\"" + "x".repeat((int) LIMIT) + "\",\"times\":1}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(post("/things/1", HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestIds.HEADER, "too-large-1"));
        assertError(r, 413, "payload_too_large");
        assertThat(r.body()).contains(Long.toString(LIMIT));
        assertThat(ACCESS).anyMatch(l -> l.startsWith("method=POST route=/things/{id} status=413 ") && l.endsWith("too-large-1"));
        assertThat(HANDLED.get()).as("nothing handled").isEqualTo(before);
    }

    @Test
    void aChunkedOversizedBodyIs413() throws Exception {
        int before = HANDLED.get();
        byte[] body = ("{\"name\":\"" + "x".repeat((int) LIMIT * 3) + "\",\"times\":1}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(post("/things/1", chunked(body)));
        assertThat(r.headers().firstValue("Content-Length")).isPresent();
        assertError(r, 413, "payload_too_large");
        assertThat(HANDLED.get()).isEqualTo(before);
        HttpResponse<String> raw = send(post("/raw", chunked(new byte[(int) LIMIT + 1])));
        assertError(raw, 413, "payload_too_large");
    }

    @Test
    void malformedJsonIs400BadJsonWithoutQuotingTheBody() throws Exception {
        for (String body : new String[] {"{\"name\": \"hunter2-secret", "not json hunter2-secret", "", "[1,2",
                "{\"name\":\"a\",\"times\":\"hunter2-secret\"}", "{\"name\":\"a\",\"times\":1,\"extra\":\"hunter2-secret\"}"}) {
            HttpResponse<String> r = send(post("/things/7", HttpRequest.BodyPublishers.ofString(body)));
            JsonNode error = assertError(r, 400, "bad_json");
            assertThat(error.path("message").asText()).as(body).doesNotContain("hunter2").doesNotContain("Exception");
        }
        HttpResponse<String> typed = send(post("/things/7", HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"times\":\"x\"}")));
        assertThat(JSON.readTree(typed.body()).path("message").asText()).contains("'times'");
        HttpResponse<String> ok = send(post("/things/7", HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"times\":2}")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void aPlainRequestIdIsEchoedAnythingElseIsReplaced() throws Exception {
        HttpResponse<String> given = send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).header(RequestIds.HEADER, "abc-123.x"));
        assertThat(given.headers().firstValue(RequestIds.HEADER)).contains("abc-123.x");
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base + "/nowhere"))
                .header(RequestIds.HEADER, "x status=200 route=/admin"));
        String replaced = forged.headers().firstValue(RequestIds.HEADER).orElseThrow();
        assertThat(replaced).matches("[0-9a-f-]{36}");
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(base + "/nowhere")));
        assertThat(none.headers().firstValue(RequestIds.HEADER).orElseThrow()).matches("[0-9a-f-]{36}").isNotEqualTo(replaced);
    }

    @Test
    void theAccessLogNamesTheRouteTemplateAndNeverHeadersOrBodies() throws Exception {
        String token = "Sealpost eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2lnbmF0dXJl";
        String body = "{\"name\":\"password-in-body-1234\",\"times\":3}";
        HttpResponse<String> r = send(post("/things/device-42", HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", token).header("Cookie", "session=cookie-value-5678")
                .header(RequestIds.HEADER, "trace-77"));
        assertThat(r.statusCode()).isEqualTo(201);
        send(HttpRequest.newBuilder(URI.create(base + "/missing/device-42?token=query-secret-9")).header("Authorization", token));

        String line = ACCESS.stream().filter(l -> l.contains("request_id=trace-77")).findFirst().orElseThrow();
        assertThat(line).matches("method=POST route=/things/\\{id} status=201 duration_ms=\\d+\\.\\d request_id=trace-77");
        assertThat(ACCESS).anyMatch(l -> l.startsWith("method=GET route=" + Routes.UNMATCHED + " status=404 "));
        String all = String.join("\n", ACCESS);
        assertThat(all).doesNotContain("eyJ", "c2VjcmV0", "Sealpost ", "password-in-body", "cookie-value", "device-42",
                "query-secret");
    }

    private static HttpRequest.Builder post(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json").POST(body);
    }

    /** A body the client cannot announce the length of: sent with chunked transfer encoding. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("error").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }
}
