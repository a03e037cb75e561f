package org.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.server.http.HttpServer;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * The filter over real HTTP: a guarded route sees the authenticated device and the body the token
 * was bound to; a refused token gets 401 with the JSON error shape and a {@code WWW-Authenticate}
 * challenge; unguarded and unknown routes are untouched.
 */
class DeviceAuthFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase testDb;
    private static DeviceCa ca;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        testDb = TestDatabases.h2();
        ca = DeviceCa.open(TestCa.create(CaAlgorithm.EC), testDb.open());
        // Tokens name the public URL, so it must be known before the routes are: pick the port first.
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        DeviceAuthFilter filter = new DeviceAuthFilter(ca.authenticator(Clock.systemUTC()), base + "/");
        server = new HttpServer(app -> {
            filter.register(app, "/v1/device/*");
            app.post("/v1/device/echo", ctx -> {
                AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
                ctx.json(Map.of("address", device.address(), "serial", device.serialHex(), "body", ctx.body()));
            });
            app.get("/v1/device/whoami", ctx -> ctx.json(Map.of("address", DeviceAuthFilter.device(ctx).address())));
            app.get("/open", ctx -> ctx.result("open"));
        }).start("127.0.0.1", port);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        testDb.close();
    }

    @Test
    void aGuardedRouteSeesTheDeviceAndTheBodyItsTokenWasMadeFor() throws Exception {
        Device device = ca.device(TestKeys.EC_P256, "alice@example.org");
        byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v1/device/echo"))
                .header("Authorization", device.authorization("POST", base + "/v1/device/echo", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("address").asText()).isEqualTo("alice@example.org");
        assertThat(json.get("serial").asText()).isEqualTo(device.certificate().getSerialNumber().toString(16));
        assertThat(json.get("body").asText()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void noTokenIs401WithAChallengeAndTheJsonErrorShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v1/device/whoami")).GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Sealpost realm=\"sealpost\", algs=\"ES256 ES384 ES512 PS256\"");
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("error").asText()).isEqualTo("missing");
        assertThat(json.get("message").asText()).contains("Authorization");
    }

    @Test
    void aRefusedTokenIs401NamingTheReason() throws Exception {
        Device device = ca.device(TestKeys.RSA_2048, "bob@example.org");
        String header = device.authorization("GET", base + "/v1/device/whoami", null);
        assertThat(send(whoami(header)).statusCode()).isEqualTo(200);

        HttpResponse<String> replayed = send(whoami(header));
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(replayed.body()).get("error").asText()).isEqualTo("replayed");
        assertThat(replayed.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Sealpost realm=\"sealpost\"").endsWith("error=\"invalid_token\", error_description=\"replayed\""));

        HttpResponse<String> elsewhere = send(whoami(device.authorization("GET", base + "/v1/device/echo", null)));
        assertThat(JSON.readTree(elsewhere.body()).get("error").asText()).isEqualTo("wrong_request");

        HttpResponse<String> twice = send(HttpRequest.newBuilder(URI.create(base + "/v1/device/whoami"))
                .header("Authorization", device.authorization("GET", base + "/v1/device/whoami", null))
                .header("Authorization", device.authorization("GET", base + "/v1/device/whoami", null)).GET());
        assertThat(twice.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(twice.body()).get("error").asText()).isEqualTo("malformed");
    }

    @Test
    void aRevokedDeviceIsRefusedAtItsNextRequest() throws Exception {
        Device device = ca.device(TestKeys.EC_P384, "carol@example.org");
        assertThat(send(whoami(device.authorization("GET", base + "/v1/device/whoami", null))).statusCode()).isEqualTo(200);

        ca.ca().revocations().revoke(device.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");

        HttpResponse<String> response = send(whoami(device.authorization("GET", base + "/v1/device/whoami", null)));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("revoked_certificate");
    }

    @Test
    void unguardedRoutesNeedNoTokenAndUnknownPathsStay404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/open")).GET()).body()).isEqualTo("open");
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(base + "/v1/device/nothing")).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not_found");
    }

    private HttpRequest.Builder whoami(String authorization) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/device/whoami")).header("Authorization", authorization).GET();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
