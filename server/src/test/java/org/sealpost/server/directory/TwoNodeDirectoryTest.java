package org.sealpost.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.directory.Level;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import org.sealpost.server.testing.ServerProcess;
import org.sealpost.server.testing.ServerProperties;
import org.sealpost.storage.testing.TestDatabase;

/**
 * Two server nodes on one database give the same answers (issue 6, "scale"). Node A runs in this
 * JVM, node B in a child JVM (a separate OS process with its own connection pools, key pool and HTTP
 * port); both read one configuration file, as two nodes behind a load balancer would: one database
 * (an H2 file shared through AUTO_SERVER, or one PostgreSQL schema), one data directory (the CA's
 * keys, the embedded vaults), one public URL that device tokens name. Everything is asserted over
 * HTTP, except what an operator does on A in-process: publish a certificate and revoke it.
 */
class TwoNodeDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The name both nodes are reached at (a load balancer's); device tokens name it. */
    private static final String PUBLIC_URL = "http://directory.test";
    private static final EphemeralPki FOREIGN = new EphemeralPki("Two Nodes Foreign Mail");
    /** Rounds of the provisional-key race, so that more than one interleaving is seen. */
    private static final int RACES = 4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void twoNodesOnOneDatabaseAnswerAlike(TestDatabase testDb) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = configFile(testDb);
        Map<String, String> environment = new HashMap<>();
        char[] dbPassword = testDb.config().password();
        if (dbPassword != null) {
            environment.put("SEALPOST_DB_PASSWORD", new String(dbPassword));
        }
        // A first: it creates the CA and the vaults that B then opens; B is stopped first, as it may
        // reach the H2 file through A's process.
        try (SealpostServer a = SealpostServer.start(ServerConfig.load(Optional.of(config), environment, Map.of())
                .settings(data, Optional.empty(), environment));
             ServerProcess b = ServerProcess.start(config, data, dbPassword, dir)) {
            Node nodeA = new Node("A", a.port());
            Node nodeB = new Node("B", b.port());
            DeviceTokenSigner alice = device(a, "alice@example.org");
            DeviceTokenSigner bob = device(a, "bob@example.org");

            publishedOnAIsAnsweredByBAndRevocationOnAHidesItThere(a, nodeA, nodeB);
            provisionalKeysAskedOfBothAtOnceAreOneKey(a, nodeA, nodeB, alice, bob);
            harvestOnBIsAnsweredByA(nodeA, nodeB, alice);
            aTokenUsedOnAIsReplayedOnB(nodeA, nodeB, alice);
        }
    }

    private static void publishedOnAIsAnsweredByBAndRevocationOnAHidesItThere(SealpostServer a, Node nodeA, Node nodeB)
            throws Exception {
        X509Certificate cert = issue(a, ec(), "encryption", "pat@example.org");
        a.directory().publishIssued(cert, Level.V1);

        HttpResponse<String> onB = nodeB.send(nodeB.request("/v1/directory/pat@example.org").GET());
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(JSON.readTree(onB.body()).get("certificates")).singleElement()
                .satisfies(c -> assertThat(c.get("pem").asText()).isEqualTo(EphemeralPki.pem(cert)));
        HttpResponse<String> onA = nodeA.send(nodeA.request("/v1/directory/pat@example.org").GET());
        assertThat(onA.body()).isEqualTo(onB.body());
        String etag = onB.headers().firstValue("ETag").orElseThrow();
        assertThat(onA.headers().firstValue("ETag")).hasValue(etag);

        a.ca().revocations().revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");

        HttpResponse<String> revoked = nodeB.send(nodeB.request("/v1/directory/pat@example.org").header("If-None-Match", etag).GET());
        assertThat(revoked.statusCode()).as("B's cached ETag no longer matches").isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("certificates")).isEmpty();
        assertThat(revoked.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    private static void provisionalKeysAskedOfBothAtOnceAreOneKey(SealpostServer a, Node nodeA, Node nodeB, DeviceTokenSigner alice,
            DeviceTokenSigner bob) throws Exception {
        for (int round = 0; round < RACES; round++) {
            String path = "/v1/directory/newcomer" + round + "@example.org/provisional";
            CyclicBarrier start = new CyclicBarrier(2);
            HttpResponse<String> ra;
            HttpResponse<String> rb;
            // Own threads: the common pool may have a single worker on a small machine, and the barrier needs two.
            try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
                Future<HttpResponse<String>> fromA = threads.submit(() -> nodeA.sendAfter(start, nodeA.request(path)
                        .header("Authorization", alice.authorization("POST", PUBLIC_URL + path, new byte[0]))
                        .POST(HttpRequest.BodyPublishers.noBody())));
                Future<HttpResponse<String>> fromB = threads.submit(() -> nodeB.sendAfter(start, nodeB.request(path)
                        .header("Authorization", bob.authorization("POST", PUBLIC_URL + path, new byte[0]))
                        .POST(HttpRequest.BodyPublishers.noBody())));
                ra = fromA.get(120, TimeUnit.SECONDS);
                rb = fromB.get(120, TimeUnit.SECONDS);
            }

            assertThat(List.of(ra.statusCode(), rb.statusCode())).as(ra.body() + " / " + rb.body()).containsExactlyInAnyOrder(200, 201);
            String keyId = JSON.readTree(ra.body()).get("keyId").asText();
            assertThat(JSON.readTree(rb.body()).get("keyId").asText()).isEqualTo(keyId);
            assertThat(a.keys().currentKey("newcomer" + round + "@example.org")).get()
                    .satisfies(k -> assertThat(k.keyId()).isEqualTo(keyId));
            String lookup = "/v1/directory/newcomer" + round + "@example.org";
            JsonNode onA = JSON.readTree(nodeA.send(nodeA.request(lookup).GET()).body());
            JsonNode onB = JSON.readTree(nodeB.send(nodeB.request(lookup).GET()).body());
            assertThat(onA.get("provisional").get("keyId").asText()).isEqualTo(keyId);
            assertThat(onB).isEqualTo(onA);
        }
    }

    private static void harvestOnBIsAnsweredByA(Node nodeA, Node nodeB, DeviceTokenSigner alice) throws Exception {
        X509Certificate found = FOREIGN.rsa("quentin@example.org").certificate();
        byte[] body = JSON.writeValueAsBytes(Map.of("certificates", List.of(EphemeralPki.pem(found))));
        String path = "/v1/directory/harvest";

        HttpResponse<String> harvested = nodeB.send(nodeB.request(path)
                .header("Authorization", alice.authorization("POST", PUBLIC_URL + path, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(harvested.statusCode()).as(harvested.body()).isEqualTo(200);
        assertThat(JSON.readTree(harvested.body()).get("results").get(0).get("status").asText()).isEqualTo("published");
        HttpResponse<String> onA = nodeA.send(nodeA.request("/v1/directory/quentin@example.org").GET());
        assertThat(JSON.readTree(onA.body()).get("certificates")).singleElement().satisfies(c -> {
            assertThat(c.get("pem").asText()).isEqualTo(EphemeralPki.pem(found));
            assertThat(c.get("source").asText()).isEqualTo("harvested");
        });
        HttpResponse<String> onB = nodeB.send(nodeB.request("/v1/directory/quentin@example.org").GET());
        assertThat(onB.headers().firstValue("ETag")).isEqualTo(onA.headers().firstValue("ETag"));
    }

    private static void aTokenUsedOnAIsReplayedOnB(Node nodeA, Node nodeB, DeviceTokenSigner alice) throws Exception {
        String path = "/v1/directory/lookup";
        byte[] body = JSON.writeValueAsBytes(Map.of("addresses", List.of("pat@example.org")));
        String authorization = alice.authorization("POST", PUBLIC_URL + path, body);

        HttpResponse<String> onA = nodeA.send(nodeA.request(path).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        HttpResponse<String> onB = nodeB.send(nodeB.request(path).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(onA.statusCode()).as(onA.body()).isEqualTo(200);
        assertThat(onB.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(onB.body()).get("error").asText()).isEqualTo("replayed");
    }

    /** The one configuration file of both nodes. */
    private Path configFile(TestDatabase testDb) throws Exception {
        Properties config = ServerProperties.databaseOf(testDb);
        config.setProperty(ConfigKeys.PUBLIC_URL, PUBLIC_URL);
        config.setProperty(ConfigKeys.KMS_POOL_SIZE, "0");
        config.setProperty(ConfigKeys.KMS_KEY_SPEC, "ec-p256");
        config.setProperty(ConfigKeys.DIRECTORY_TRUST_STORE,
                Files.writeString(dir.resolve("trust.pem"), EphemeralPki.pem(FOREIGN.root())).toString());
        Path file = dir.resolve(ServerConfig.DEFAULT_FILE);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(w, "two nodes");
        }
        return file;
    }

    /** A device of {@code address}: a signing certificate of the nodes' CA. */
    private static DeviceTokenSigner device(SealpostServer a, String address) throws Exception {
        KeyPair key = ec();
        return new DeviceTokenSigner(key.getPrivate(), issue(a, key, "signing-v1", address));
    }

    private static X509Certificate issue(SealpostServer a, KeyPair key, String profile, String address) throws Exception {
        return a.ca().issuance().issue(IssuanceRequest.forKey(key.getPublic(), profile).withEmails(List.of(address)), "test")
                .certificate();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** One node's HTTP address. */
    private record Node(String name, int port) {
        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Sends once the other request is ready too, so both nodes work on them at the same time. */
        HttpResponse<String> sendAfter(CyclicBarrier start, HttpRequest.Builder request) {
            try {
                HttpRequest built = request.build();
                start.await(60, TimeUnit.SECONDS);
                return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException("node " + name + ": " + e, e);
            }
        }
    }
}
