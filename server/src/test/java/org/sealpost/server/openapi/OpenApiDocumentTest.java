package org.sealpost.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.http.HttpServer;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/**
 * The served OpenAPI document parses, is 3.1, and describes exactly the routes the running server
 * registered: an endpoint added without documenting it, or a documented one that is gone, fails
 * here. Every operation is also called once without credentials, and must answer a status (and an
 * error code) the document declares for it, so the documented security matches the guards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    /** Routes deliberately left out of the document (none today; name each with its reason). */
    private static final Set<String> UNDOCUMENTED = Set.of();

    /** Operations that cannot refuse a caller's input, so declare no 4xx. */
    private static final Set<String> NO_CLIENT_ERROR = Set.of(
            "GET /health", "GET /metrics", "GET " + OpenApiRoutes.PATH,
            // A request that is not base64 or not an OCSPRequest is answered malformedRequest, with 200.
            "GET /ocsp/{request}");

    /** The /v1 contract the enrollment and key-release endpoints are built to. */
    private static final List<String> CONTRACT = List.of("POST /v1/enrollments", "POST /v1/enrollments/{id}", "GET /v1/devices",
            "DELETE /v1/devices/{id}", "POST /v1/keys/release", "PUT /v1/keys/password", "DELETE /v1/keys/password");

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private SealpostServer server;
    private JsonNode doc;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        ServerSettings settings = new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0, Optional.empty(),
                Optional.of("openapi-test-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN));
        server = SealpostServer.start(settings);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(OpenApiRoutes.PATH)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        doc = new ObjectMapper().readTree(r.body());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void isOpenApi31WithTheSharedShapes() {
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Sealpost");
        assertThat(doc.at("/components/securitySchemes/device/scheme").asText()).isEqualTo("Sealpost");
        assertThat(doc.at("/components/securitySchemes/admin/scheme").asText()).isEqualToIgnoringCase("bearer");
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualToIgnoringCase("bearer");
        // Business API keys work where a device token does on the directory's look-ups and provisional keys.
        for (String op : List.of("/v1/directory/{address}/get", "/v1/directory/lookup/post", "/v1/directory/{address}/provisional/post")) {
            String pointer = "/paths/" + op.substring(0, op.lastIndexOf('/')).replace("/", "~1") + op.substring(op.lastIndexOf('/'));
            assertThat(doc.at(pointer + "/security").toString()).as(op).contains("{\"device\":[]}", "{\"apiKey\":[]}");
            assertThat(resolve(doc.at(pointer + "/responses/401")).toString()).as(op).contains("unauthorized", "missing", "replayed");
        }
        assertThat(doc.at("/components/schemas/Error/required").toString()).isEqualTo("[\"error\",\"message\"]");
        assertReferencesResolve(doc);
    }

    @Test
    void documentsExactlyTheRegisteredRoutes() {
        List<String> documented = operations().stream().map(Operation::name).toList();
        List<String> registered = server.routes().stream().map(OpenApiDocumentTest::operation)
                .filter(op -> !UNDOCUMENTED.contains(op)).toList();
        assertThat(registered).contains("GET /health", "GET /metrics", "GET " + OpenApiRoutes.PATH, "POST /ocsp");
        assertThat(documented).as("every registered route is in openapi.yaml").containsAll(registered);
        assertThat(registered).as("every route in openapi.yaml is registered").containsAll(documented);
        assertThat(documented).doesNotHaveDuplicates().containsAll(CONTRACT);
    }

    @Test
    void everyOperationDeclaresSuccessAndRefusal() {
        SoftAssertions softly = new SoftAssertions();
        for (Operation op : operations()) {
            List<String> statuses = new ArrayList<>();
            op.node().path("responses").fieldNames().forEachRemaining(statuses::add);
            softly.assertThat(statuses).as(op.name() + " declares a 2xx").anyMatch(s -> s.startsWith("2"));
            if (!NO_CLIENT_ERROR.contains(op.name())) {
                softly.assertThat(statuses).as(op.name() + " declares a 4xx").anyMatch(s -> s.startsWith("4"));
            }
            for (JsonNode requirement : op.node().path("security")) {
                requirement.fieldNames().forEachRemaining(scheme -> softly.assertThat(
                        doc.at("/components/securitySchemes/" + scheme).isMissingNode()).as(op.name() + " uses scheme " + scheme).isFalse());
            }
            if (op.path().startsWith("/v1/admin/")) {
                softly.assertThat(op.node().path("security").toString()).as(op.name()).isEqualTo("[{\"admin\":[]}]");
            }
        }
        softly.assertAll();
    }

    /**
     * Each operation once, without credentials, path parameters {@code x} and no body: a guarded one
     * must answer 401 as its scheme does, any other a documented status with a documented error code.
     */
    @Test
    void unauthenticatedCallsAnswerAsDocumented() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Operation op : operations()) {
            String path = op.path().replaceAll("\\{[^}]+}", "x");
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                    .method(op.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody()));
            String status = Integer.toString(r.statusCode());
            JsonNode declared = resolve(op.node().path("responses").path(status));
            softly.assertThat(declared.isMissingNode()).as(op.name() + " answered " + status + ", which it does not declare")
                    .isFalse();
            Set<String> schemes = schemes(op.node());
            if (!schemes.isEmpty() && !schemes.contains("")) {
                softly.assertThat(r.statusCode()).as(op.name() + " without credentials").isEqualTo(401);
                softly.assertThat(r.body()).as(op.name()).contains(schemes.contains("admin") ? "\"unauthorized\"" : "\"missing\"");
            } else {
                softly.assertThat(r.statusCode()).as(op.name() + " needs no credentials").isNotEqualTo(401);
            }
            // The codes are siblings of the schema's $ref (Error narrowed to this answer's codes).
            JsonNode error = declared.at("/content/application~1json/schema/properties/error");
            if (r.statusCode() >= 400 && !op.method().equals("head") && !error.isMissingNode()) {
                String code = new ObjectMapper().readTree(r.body()).path("error").asText();
                List<String> codes = new ArrayList<>();
                error.path("enum").forEach(c -> codes.add(c.asText()));
                if (error.path("const").isTextual()) {
                    codes.add(error.path("const").asText());
                }
                softly.assertThat(codes).as(op.name() + " answered " + status + " " + code).contains(code);
            }
        }
        softly.assertAll();
    }

    /** An operation of the document: its method (lower case), path template and object. */
    private record Operation(String method, String path, JsonNode node) {
        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey())) {
                ops.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
            }
        }));
        return ops;
    }

    /** The schemes an operation accepts; "" stands for the empty requirement (no credentials). */
    private static Set<String> schemes(JsonNode operation) {
        Set<String> schemes = new HashSet<>();
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.isEmpty()) {
                schemes.add("");
            }
            requirement.fieldNames().forEachRemaining(schemes::add);
        }
        return schemes;
    }

    /** {@code node}, or what its {@code $ref} points to. */
    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    /** Javalin writes path parameters as {name} or <name>; OpenAPI as {name}. */
    private static String operation(HttpServer.Route route) {
        return route.method() + " " + route.path().replace('<', '{').replace('>', '}');
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void assertReferencesResolve(JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        node.elements().forEachRemaining(this::assertReferencesResolve);
    }
}
