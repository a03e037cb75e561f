package org.sealpost.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.sealpost.directory.Level;
import org.sealpost.directory.Quota;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.apikey.CreatedApiKey;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;

/**
 * Business API keys on the directory's HTTP API: the business quota per key (apart from the anonymous
 * bucket of the same IP), batch and provisional keys with a key and the per-key provisional limit,
 * unknown, disabled and malformed credentials refused with 401 and never served as anonymous, device
 * tokens still accepted (and checked once) on the same routes, and no key text in the database.
 */
class DirectoryApiKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ANONYMOUS_QUOTA = 3;
    private static final int BUSINESS_QUOTA = 12;
    private static final int PROVISIONAL_PER_KEY = 2;
    private static final String BEARER_CHALLENGE = "Bearer realm=\"sealpost-directory\"";

    @TempDir
    static Path dir;

    private static SealpostServer server;
    private static String base;
    /** Where device tokens point: the server's public URL. */
    private static String publicBase;
    private static DeviceTokenSigner alice;
    private static final List<String> SECRETS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        DirectorySettings directory = new DirectorySettings(Optional.empty(), new Quota(ANONYMOUS_QUOTA, Duration.ofHours(1)),
                new Quota(1000, Duration.ofHours(1)), new Quota(BUSINESS_QUOTA, Duration.ofHours(1)), new Quota(3, Duration.ofHours(1)),
                new Quota(PROVISIONAL_PER_KEY, Duration.ofHours(1)), Duration.ofDays(30), 5, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofDays(1));
        server = SealpostServer.start(new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0,
                Optional.empty(), Optional.of("apikey-test-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN), directory));
        base = "http://127.0.0.1:" + server.port();
        publicBase = "http://localhost:" + server.port();
        alice = device("alice@example.org");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server == null) {
            return;
        }
        try {
            // The keys made in this class never reach the database in clear, in any table (the audit log included).
            try (Database db = Database.open(DatabaseConfig.embedded(dir.resolve("data")).withMaxPoolSize(2))) {
                String dump = db.inTransaction(c -> {
                    StringBuilder all = new StringBuilder();
                    try (var s = c.createStatement(); var rs = s.executeQuery("SCRIPT")) {
                        while (rs.next()) {
                            all.append(rs.getString(1)).append('\n');
                        }
                    }
                    return all.toString();
                });
                assertThat(dump).contains("\"API_KEY\"").contains("apikey.create");
                assertThat(dump).doesNotContain("spk_");
                assertThat(SECRETS).isNotEmpty().allSatisfy(secret -> assertThat(dump).doesNotContain(secret.substring(4)));
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aKeyHasTheBusinessQuotaApartFromTheAnonymousBucketOfTheSameAddress() throws Exception {
        String key = key("quota-gateway");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i <= BUSINESS_QUOTA; i++) {
            last = send(withKey(key, "GET", "/v1/directory/carl@example.org", null));
            statuses.add(last.statusCode());
        }
        // More than an anonymous caller gets, then 429 like the other tiers.
        assertThat(statuses).containsExactlyElementsOf(concat(Collections.nCopies(BUSINESS_QUOTA, 200), List.of(429)));
        assertThat(JSON.readTree(last.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(last.body()).doesNotContain(key);

        // The same IP without credentials still has its own bucket, and another key its own.
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/carl@example.org")).GET()).statusCode()).isEqualTo(200);
        assertThat(send(withKey(key("second-gateway"), "GET", "/v1/directory/carl@example.org", null)).statusCode()).isEqualTo(200);
        // A batch is refused as a whole when the key's bucket has not that many left.
        HttpResponse<String> batch = send(withKey(key, "POST", "/v1/directory/lookup", json(Map.of("addresses", List.of("a@example.org")))));
        assertThat(batch.statusCode()).isEqualTo(429);
    }

    @Test
    void aLookUpWithAKeyAnswersLikeAnyOther() throws Exception {
        X509Certificate cert = issue(ec(), "encryption", "Bert@Example.org");
        server.directory().publishIssued(cert, Level.V1);

        HttpResponse<String> response = send(withKey(key("lookup-gateway"), "GET", "/v1/directory/bert@example.org", null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("certificates")).singleElement()
                .satisfies(c -> assertThat(c.get("source").asText()).isEqualTo("issued"));
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void aBatchWithAKeyAnswersInOrderAndCountsEveryAddress() throws Exception {
        String key = key("batch-gateway");
        byte[] three = json(Map.of("addresses", List.of("x1@example.org", "X2@example.org", "x3@example.org")));

        HttpResponse<String> ok = send(withKey(key, "POST", "/v1/directory/lookup", three));

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("results")).extracting(r -> r.get("address").asText())
                .containsExactly("x1@example.org", "X2@example.org", "x3@example.org");
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        // 3 + 3 + 3 + 3 = BUSINESS_QUOTA; the next batch finds the bucket empty.
        for (int i = 0; i < 3; i++) {
            assertThat(send(withKey(key, "POST", "/v1/directory/lookup", three)).statusCode()).isEqualTo(200);
        }
        assertThat(send(withKey(key, "POST", "/v1/directory/lookup", three)).statusCode()).isEqualTo(429);

        HttpResponse<String> tooMany = send(withKey(key("batch-2"), "POST", "/v1/directory/lookup",
                json(Map.of("addresses", List.of("a@b.org", "c@b.org", "d@b.org", "e@b.org", "f@b.org", "g@b.org")))));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get("error").asText()).isEqualTo("batch_too_large");
    }

    @Test
    void aKeyGetsProvisionalKeysWithinItsOwnLimit() throws Exception {
        String key = key("provisional-gateway");
        HttpResponse<String> made = send(withKey(key, "POST", "/v1/directory/Nora@example.org/provisional", new byte[0]));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode offered = JSON.readTree(made.body());
        assertThat(offered.get("address").asText()).isEqualTo("nora@example.org");
        assertThat(offered.get("publicKey").asText()).startsWith("-----BEGIN PUBLIC KEY-----");

        // The same key for a device asking next, and for the key asking again (not counted: nothing is made).
        HttpResponse<String> byDevice = send(withDevice(device("dave@example.org"), "POST", "/v1/directory/nora@example.org/provisional",
                new byte[0]));
        assertThat(byDevice.statusCode()).as(byDevice.body()).isEqualTo(200);
        assertThat(JSON.readTree(byDevice.body()).get("keyId").asText()).isEqualTo(offered.get("keyId").asText());
        assertThat(send(withKey(key, "POST", "/v1/directory/nora@example.org/provisional", new byte[0])).statusCode()).isEqualTo(200);

        assertThat(send(withKey(key, "POST", "/v1/directory/olaf@example.org/provisional", new byte[0])).statusCode()).isEqualTo(201);
        HttpResponse<String> limited = send(withKey(key, "POST", "/v1/directory/pia@example.org/provisional", new byte[0]));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(JSON.readTree(limited.body()).get("message").asText()).contains("API key");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.keys().currentKey("pia@example.org")).isEmpty();

        // Another key, and a device, have their own limits.
        assertThat(send(withKey(key("provisional-2"), "POST", "/v1/directory/pia@example.org/provisional", new byte[0])).statusCode())
                .isEqualTo(201);
        assertThat(send(withDevice(alice, "POST", "/v1/directory/quentin@example.org/provisional", new byte[0])).statusCode())
                .isEqualTo(201);

        server.directory().publishIssued(issue(ec(), "encryption", "fay@example.org"), Level.V1);
        HttpResponse<String> has = send(withKey(key, "POST", "/v1/directory/fay@example.org/provisional", new byte[0]));
        assertThat(has.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(has.body()).get("error").asText()).isEqualTo("has_certificates");
    }

    @Test
    void unknownAndDisabledKeysAre401OnEveryRouteAndNeverAnonymous() throws Exception {
        CreatedApiKey created = server.apiKeys().create("disabled-gateway", "example.com", "test");
        SECRETS.add(created.secret());
        String key = created.secret();
        assertThat(send(withKey(key, "GET", "/v1/directory/ann@example.org", null)).statusCode()).isEqualTo(200);
        server.apiKeys().disable("disabled-gateway", "test");
        String unknown = "spk_" + "A".repeat(43);

        for (String secret : List.of(key, unknown)) {
            for (HttpRequest.Builder request : List.of(withKey(secret, "GET", "/v1/directory/ann@example.org", null),
                    withKey(secret, "POST", "/v1/directory/lookup", json(Map.of("addresses", List.of("ann@example.org")))),
                    withKey(secret, "POST", "/v1/directory/ann@example.org/provisional", new byte[0]))) {
                HttpResponse<String> r = send(request);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
                assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unauthorized");
                assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith(BEARER_CHALLENGE);
                assertThat(r.body()).doesNotContain(secret, secret.substring(4));
            }
        }
        assertThat(server.keys().currentKey("ann@example.org")).isEmpty();
        assertThat(server.apiKeys().list()).filteredOn(k -> k.name().equals("disabled-gateway")).singleElement()
                .satisfies(k -> assertThat(k.lastUsedAt()).isPresent());
    }

    @Test
    void malformedCredentialsAre401NotAServerError() throws Exception {
        List<String> headers = List.of("Bearer", "Bearer ", "bearer spk_short", "Bearer spk_" + "!".repeat(43),
                "Bearer spk_" + "A".repeat(44), "Bearer " + "spa_" + "A".repeat(43), "Bearer a b c", "Basic dXNlcjpwYXNz",
                "Sealpost not-a-jws", "spk_" + "A".repeat(43), "Sealpost", "x");
        for (String header : headers) {
            for (HttpRequest.Builder request : List.of(
                    HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org")).GET(),
                    HttpRequest.newBuilder(URI.create(base + "/v1/directory/lookup"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json(Map.of("addresses", List.of("ann@example.org"))))),
                    HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org/provisional"))
                            .POST(HttpRequest.BodyPublishers.noBody()))) {
                HttpResponse<String> r = send(request.header("Authorization", header));
                assertThat(r.statusCode()).as(header + ": " + r.body()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(header).isPresent();
                assertThat(r.body()).doesNotContain("Exception", "internal_error");
            }
        }
        // Two Authorization headers leave it unclear which counts: refused.
        String key = key("two-headers");
        HttpResponse<String> two = send(withKey(key, "GET", "/v1/directory/ann@example.org", null).header("Authorization", "Bearer " + key));
        assertThat(two.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(two.body()).get("error").asText()).isEqualTo("malformed");
    }

    @Test
    void withoutCredentialsTheSenderRoutesChallengeForBothSchemes() throws Exception {
        HttpResponse<String> batch = send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/lookup"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(Map.of("addresses", List.of("ann@example.org"))))));
        HttpResponse<String> provisional = send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org/provisional"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        for (HttpResponse<String> r : List.of(batch, provisional)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("missing");
            assertThat(r.headers().allValues("WWW-Authenticate")).hasSize(2)
                    .anySatisfy(v -> assertThat(v).startsWith("Sealpost realm=\"sealpost\""))
                    .anySatisfy(v -> assertThat(v).isEqualTo(BEARER_CHALLENGE));
        }
        // Harvest stays a device's: a key there is refused as a device token would be.
        String key = key("harvest-gateway");
        HttpResponse<String> harvest = send(withKey(key, "POST", "/v1/directory/harvest", json(Map.of("certificates", List.of("x")))));
        assertThat(harvest.statusCode()).isEqualTo(401);
    }

    @Test
    void aDeviceTokenStillWorksOnEveryRouteAndIsCheckedOnce() throws Exception {
        DeviceTokenSigner erin = device("erin@example.org");
        List<HttpRequest.Builder> firstUses = new ArrayList<>();
        List<HttpRequest.Builder> replays = new ArrayList<>();
        byte[] batch = json(Map.of("addresses", List.of("gus@example.org", "hal@example.org")));
        for (String[] call : new String[][] {{"GET", "/v1/directory/gus@example.org"}, {"POST", "/v1/directory/lookup"},
                {"POST", "/v1/directory/ivy@example.org/provisional"}}) {
            byte[] body = call[1].endsWith("lookup") ? batch : call[0].equals("GET") ? null : new byte[0];
            String token = erin.authorization(call[0], publicBase + call[1], body);
            firstUses.add(request(call[0], call[1], body).header("Authorization", token));
            replays.add(request(call[0], call[1], body).header("Authorization", token));
        }
        List<Integer> first = new ArrayList<>();
        for (HttpRequest.Builder r : firstUses) {
            HttpResponse<String> response = send(r);
            assertThat(response.body()).doesNotContain("replayed");
            first.add(response.statusCode());
        }
        // A token checked twice within one request would be "replayed" on its first use.
        assertThat(first).containsExactly(200, 200, 201);
        for (HttpRequest.Builder r : replays) {
            HttpResponse<String> response = send(r);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("replayed");
        }
    }

    /** A new key, remembered for the final check that the database holds none of them. */
    private static String key(String name) throws Exception {
        CreatedApiKey created = server.apiKeys().create(name, null, "test");
        SECRETS.add(created.secret());
        return created.secret();
    }

    private static HttpRequest.Builder withKey(String secret, String method, String path, byte[] body) {
        return request(method, path, body).header("Authorization", "Bearer " + secret);
    }

    private static HttpRequest.Builder withDevice(DeviceTokenSigner device, String method, String path, byte[] body) {
        return request(method, path, body).header("Authorization", device.authorization(method, publicBase + path, body));
    }

    private static HttpRequest.Builder request(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
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
