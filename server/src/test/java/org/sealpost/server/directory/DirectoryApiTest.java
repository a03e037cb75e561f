package org.sealpost.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.directory.Level;
import org.sealpost.directory.Quota;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/** The directory's HTTP API on a running server: the pinned look-up contract, caching, quotas, harvest, provisional keys. */
class DirectoryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ANONYMOUS_QUOTA = 5;
    private static final EphemeralPki FOREIGN = new EphemeralPki("Foreign Mail");

    @TempDir
    static Path dir;

    private static SealpostServer server;
    private static String base;
    /** Where tokens point: the server's public URL. */
    private static String publicBase;
    private static DeviceTokenSigner alice;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        Path trust = Files.writeString(dir.resolve("trust.pem"), EphemeralPki.pem(FOREIGN.root()));
        DirectorySettings directory = new DirectorySettings(Optional.of(trust), new Quota(ANONYMOUS_QUOTA, Duration.ofHours(1)),
                new Quota(1000, Duration.ofHours(1)), new Quota(10_000, Duration.ofHours(1)), new Quota(3, Duration.ofHours(1)),
                new Quota(100, Duration.ofHours(1)), Duration.ofDays(30), 5, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofDays(1));
        server = SealpostServer.start(new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0,
                Optional.empty(), Optional.of("server-test-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN), directory));
        base = "http://127.0.0.1:" + server.port();
        publicBase = "http://localhost:" + server.port();
        alice = device("alice@example.org");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLookUpAnswersThePinnedShapeWithAnETagAndA304() throws Exception {
        KeyPair key = ec();
        X509Certificate cert = issue(key, "encryption", "Bert@Example.org");
        server.directory().publishIssued(cert, Level.V1);

        HttpResponse<String> response = send(authorized("GET", "/v1/directory/bert@EXAMPLE.org", null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("address").asText()).isEqualTo("bert@example.org");
        assertThat(body.get("certificates")).hasSize(1);
        JsonNode c = body.get("certificates").get(0);
        assertThat(c.get("pem").asText()).isEqualTo(EphemeralPki.pem(cert));
        assertThat(c.get("source").asText()).isEqualTo("issued");
        assertThat(c.get("level").asText()).isEqualTo("V1");
        assertThat(c.get("notAfter").asText()).isEqualTo(cert.getNotAfter().toInstant().toString());
        assertThat(body.get("provisional").isNull()).isTrue();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        String etag = response.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = send(authorized("GET", "/v1/directory/bert@example.org", null).header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);

        server.ca().revocations().revoke(cert.getSerialNumber(), org.sealpost.ca.revocation.RevocationReason.SUPERSEDED, "test");
        HttpResponse<String> revoked = send(authorized("GET", "/v1/directory/bert@example.org", null).header("If-None-Match", etag));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("certificates")).isEmpty();
    }

    @Test
    void anUnknownAddressIsAnEmptyAnswerAndABadOneIs400() throws Exception {
        HttpResponse<String> unknown = send(authorized("GET", "/v1/directory/J%C3%B6rg@B%C3%BCcher.example", null));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(200);
        assertThat(JSON.readTree(unknown.body()).get("address").asText()).isEqualTo("Jörg@xn--bcher-kva.example");
        assertThat(JSON.readTree(unknown.body()).get("certificates")).isEmpty();

        HttpResponse<String> bad = send(authorized("GET", "/v1/directory/not-an-address", null));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).isEqualTo("bad_request");
        assertThat(bad.body()).doesNotContain("Exception");
    }

    @Test
    void anonymousCallersHaveASmallQuotaThen429WithRetryAfter() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i <= ANONYMOUS_QUOTA; i++) {
            last = send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/carl@example.org")).GET());
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactlyElementsOf(concat(Collections.nCopies(ANONYMOUS_QUOTA, 200), List.of(429)));
        assertThat(JSON.readTree(last.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        // An enrolled device has its own, larger quota.
        assertThat(send(authorized("GET", "/v1/directory/carl@example.org", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aBatchNeedsADeviceIsBoundedAndAnswersInOrder() throws Exception {
        byte[] two = json(Map.of("addresses", List.of("x1@example.org", "X2@example.org")));
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/lookup"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(two))).statusCode()).isEqualTo(401);

        HttpResponse<String> ok = send(authorized("POST", "/v1/directory/lookup", two));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("results")).extracting(r -> r.get("address").asText())
                .containsExactly("x1@example.org", "X2@example.org");

        byte[] six = json(Map.of("addresses", List.of("a@b.org", "c@b.org", "d@b.org", "e@b.org", "f@b.org", "g@b.org")));
        HttpResponse<String> tooMany = send(authorized("POST", "/v1/directory/lookup", six));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get("error").asText()).isEqualTo("batch_too_large");

        for (byte[] bad : List.of("{".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
                json(Map.of("addresses", "a@b.org")), json(Map.of("addresses", List.of(1))), json(Map.of("addresses", List.of("nope"))))) {
            HttpResponse<String> r = send(authorized("POST", "/v1/directory/lookup", bad));
            assertThat(r.statusCode()).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void harvestPublishesWhatChainsToTheTrustStoreAndRefusesTheRestWithReasons() throws Exception {
        X509Certificate good = FOREIGN.rsa("dora@example.org").certificate();
        X509Certificate stranger = new EphemeralPki("Stranger").rsa("dora@example.org").certificate();
        byte[] body = json(Map.of("certificates", List.of(EphemeralPki.pem(good), EphemeralPki.pem(stranger), "junk")));

        HttpResponse<String> response = send(authorized("POST", "/v1/directory/harvest", body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("published");
        assertThat(results.get(1).get("status").asText()).isEqualTo("refused");
        assertThat(results.get(1).get("reason").asText()).contains("does not chain");
        assertThat(results.get(2).get("status").asText()).isEqualTo("refused");
        assertThat(JSON.readTree(send(authorized("POST", "/v1/directory/harvest", body)).body()).get("results").get(0)
                .get("status").asText()).isEqualTo("merged");
        JsonNode answer = JSON.readTree(send(authorized("GET", "/v1/directory/dora@example.org", null)).body());
        assertThat(answer.get("certificates")).singleElement().satisfies(c -> {
            assertThat(c.get("source").asText()).isEqualTo("harvested");
            assertThat(c.get("level").asText()).isEqualTo("external");
        });

        HttpResponse<String> missing = send(authorized("POST", "/v1/directory/harvest", json(Map.of("certs", List.of()))));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/harvest"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode()).isEqualTo(401);
    }

    @Test
    void aProvisionalKeyIsMadeOnceAndRefusedForAnAddressWithCertificates() throws Exception {
        HttpResponse<String> made = send(authorized("POST", "/v1/directory/Emil@example.org/provisional", new byte[0]));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(made.body());
        assertThat(key.get("address").asText()).isEqualTo("emil@example.org");
        assertThat(key.get("publicKey").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(key.get("keyIdentifier").asText()).matches("[0-9a-f]{40}");

        DeviceTokenSigner bob = device("bob@example.org");
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/emil@example.org/provisional"))
                .header("Authorization", bob.authorization("POST", publicBase + "/v1/directory/emil@example.org/provisional", new byte[0]))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("keyId").asText()).isEqualTo(key.get("keyId").asText());
        JsonNode lookup = JSON.readTree(send(authorized("GET", "/v1/directory/emil@example.org", null)).body());
        assertThat(lookup.get("provisional").get("keyIdentifier").asText()).isEqualTo(key.get("keyIdentifier").asText());

        server.directory().publishIssued(issue(ec(), "encryption", "fay@example.org"), Level.V1);
        HttpResponse<String> has = send(authorized("POST", "/v1/directory/fay@example.org/provisional", new byte[0]));
        assertThat(has.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(has.body()).get("error").asText()).isEqualTo("has_certificates");

        assertThat(send(authorized("POST", "/v1/directory/nope/provisional", new byte[0])).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/gil@example.org/provisional"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
    }

    @Test
    void provisionalKeyCreationIsRateLimitedPerSender() throws Exception {
        DeviceTokenSigner mallory = device("mallory@example.org");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            String path = "/v1/directory/target" + i + "@example.org/provisional";
            last = send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", mallory.authorization("POST", publicBase + path, new byte[0]))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(201, 201, 201, 429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.keys().currentKey("target3@example.org")).isEmpty();
    }

    private static HttpRequest.Builder authorized(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", alice.authorization(method, publicBase + path, body));
        return body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DeviceTokenSigner device(String address) throws Exception {
        KeyPair key = ec();
        return new DeviceTokenSigner(key.getPrivate(), issue(key, "signing-v1", address));
    }

    private static X509Certificate issue(KeyPair key, String profile, String address) throws Exception {
        return server.ca().issuance().issue(IssuanceRequest.forKey(key.getPublic(), profile).withEmails(List.of(address)), "test")
                .certificate();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static byte[] json(Object value) throws Exception {
        return JSON.writeValueAsBytes(value);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
