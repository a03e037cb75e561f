package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A vault's HTTP API over real HTTP, and {@link HttpVaultClient} against it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultHttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Path data;
    private VaultService service;
    private String token;
    private String base;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("sealpost-vault-http");
        VaultHome.Initialized init = VaultHome.init(data, new KekChoice.File(), null, new SecureRandom());
        token = new String(init.clientToken());
        service = VaultService.open(data, Optional.empty(), null).serve("127.0.0.1", 0, new VaultTransport.InsecureHttp());
        base = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        try (var walk = Files.walk(data)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String authorization, String type)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> authed(String method, String path, byte[] body) throws Exception {
        return send(method, path, body, "Bearer " + token, body == null ? null : "application/octet-stream");
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void healthNeedsNoCredential() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/health", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
        assertThat(json(r).get("vault").asText()).isEqualTo(service.home().vaultId());
    }

    @Test
    void everythingElseNeedsTheToken() throws Exception {
        String[] wrong = {null, "Bearer " + token.substring(1) + "A", "Basic " + token, "Bearer ", "bearer x"};
        for (String authorization : wrong) {
            for (String method : new String[] {"GET", "PUT", "DELETE"}) {
                HttpResponse<byte[]> r = send(method, "/v1/shares/k1", method.equals("PUT") ? new byte[] {1} : null,
                        authorization, null);
                assertThat(r.statusCode()).as(method + " with " + authorization).isEqualTo(401);
                assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            }
            assertThat(send("GET", "/anything", null, authorization, null).statusCode()).isEqualTo(401);
            assertThat(send("POST", "/health", null, authorization, null).statusCode()).isEqualTo(401);
            assertThat(send("POST", "/v1/shares/read", null, authorization, null).statusCode()).isEqualTo(401);
        }
        assertThat(service.vault().get("k1")).as("nothing stored by a refused request").isEmpty();
    }

    @Test
    void putGetDelete() throws Exception {
        byte[] share = new byte[1000];
        new SecureRandom().nextBytes(share);
        HttpResponse<byte[]> created = authed("PUT", "/v1/shares/http-1", share);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("stored").asText()).isEqualTo("created");
        assertThat(authed("PUT", "/v1/shares/http-1", share).statusCode()).as("identical again").isEqualTo(200);

        HttpResponse<byte[]> got = authed("GET", "/v1/shares/http-1", null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(share);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(got.headers().firstValue("Cache-Control")).hasValue("no-store");

        byte[] other = share.clone();
        other[0] ^= 1;
        HttpResponse<byte[]> conflict = authed("PUT", "/v1/shares/http-1", other);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).get("error").asText()).isEqualTo("conflict");

        assertThat(authed("DELETE", "/v1/shares/http-1", null).statusCode()).isEqualTo(204);
        assertThat(authed("DELETE", "/v1/shares/http-1", null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> missing = authed("GET", "/v1/shares/http-1", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void badInputIsRefusedWithJson() throws Exception {
        HttpResponse<byte[]> badId = authed("PUT", "/v1/shares/" + "x".repeat(129), new byte[] {1});
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("error").asText()).isEqualTo("bad_request");
        assertThat(authed("GET", "/v1/shares/a.b", null).statusCode()).isEqualTo(400);
        assertThat(authed("GET", "/v1/shares/a%20b", null).statusCode()).isEqualTo(400);

        HttpResponse<byte[]> tooLarge = authed("PUT", "/v1/shares/big", new byte[Vault.MAX_SHARE_BYTES + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("error").asText()).isEqualTo("payload_too_large");
        assertThat(authed("PUT", "/v1/shares/max", new byte[Vault.MAX_SHARE_BYTES]).statusCode()).isEqualTo(201);

        assertThat(authed("PUT", "/v1/shares/empty", new byte[0]).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> text = send("PUT", "/v1/shares/t", new byte[] {1}, "Bearer " + token, "text/plain");
        assertThat(text.statusCode()).isEqualTo(415);

        HttpResponse<byte[]> unknown = authed("GET", "/v1/keys", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(authed("GET", "/", null).statusCode()).isEqualTo(404);
        assertThat(authed("POST", "/v1/shares/k", new byte[] {1}).statusCode()).isIn(404, 405);
    }

    @Test
    void httpClientRoundTrip() throws Exception {
        HttpVaultClient client = new HttpVaultClient(URI.create(base), token.toCharArray(), http);
        assertThat(client.vaultId()).isEqualTo(service.home().vaultId());
        byte[] share = {9, 8, 7};
        client.put("client-1", share);
        client.put("client-1", share);
        assertThat(client.get("client-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(share));
        assertThatThrownBy(() -> client.put("client-1", new byte[] {1})).isInstanceOf(ShareConflictException.class);
        assertThat(client.delete("client-1")).isTrue();
        assertThat(client.delete("client-1")).isFalse();
        assertThat(client.get("client-1")).isEmpty();
        assertThatThrownBy(() -> client.put("client-2", new byte[Vault.MAX_SHARE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refused the share");

        HttpVaultClient wrong = new HttpVaultClient(URI.create(base + "/"), "not-the-token".toCharArray(), http);
        assertThatThrownBy(() -> wrong.get("client-1")).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("refused the key service's credential").hasMessageNotContaining("not-the-token");
    }

    @Test
    void httpClientAgainstAStoppedVault() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpVaultClient client = HttpVaultClient.create(URI.create("http://127.0.0.1:" + port), token.toCharArray(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.put("k", new byte[] {1})).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("vault at http://127.0.0.1:" + port + "/").hasMessageNotContaining(token);
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(VaultUnavailableException.class);
        assertThatThrownBy(() -> client.delete("k")).isInstanceOf(VaultUnavailableException.class);
        assertThatThrownBy(() -> client.getAll(List.of("k"))).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("unreachable");
        assertThatThrownBy(client::health).isInstanceOf(VaultUnavailableException.class);
        assertThatThrownBy(client::vaultId).isInstanceOf(VaultException.class);

        // A vault that was running and stopped.
        Path other = Files.createTempDirectory("sealpost-vault-stopped");
        char[] t = VaultHome.init(other, new KekChoice.File(), null, new SecureRandom()).clientToken();
        VaultService running = VaultService.open(other, Optional.empty(), null).serve("127.0.0.1", 0, new VaultTransport.InsecureHttp());
        HttpVaultClient c = HttpVaultClient.create(URI.create("http://127.0.0.1:" + running.port()), t, Duration.ofSeconds(2));
        c.put("k", new byte[] {1});
        running.close();
        assertThatThrownBy(() -> c.get("k")).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void aSlowVaultTimesOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            HttpVaultClient client = HttpVaultClient.create(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    token.toCharArray(), Duration.ofMillis(500));
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(VaultUnavailableException.class)
                    .hasMessageContaining("did not answer within 500 ms");
        }
    }

    @Test
    void aTamperedShareIsAnIntegrityFailureNotAMissingShare() throws Exception {
        assertThat(authed("PUT", "/v1/shares/tampered", new byte[] {1, 2, 3, 4}).statusCode()).isEqualTo(201);
        try (org.sealpost.storage.Database db = org.sealpost.storage.Database.open(service.home().embeddedDatabase())) {
            byte[] sealed = VaultTest.sealed(db, "tampered");
            sealed[sealed.length - 1] ^= 0x40;
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE vault_share SET sealed = ? WHERE key_id = 'tampered'")) {
                    ps.setBytes(1, sealed);
                    return ps.executeUpdate();
                }
            });
        }
        HttpResponse<byte[]> r = authed("GET", "/v1/shares/tampered", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("error").asText()).isEqualTo("integrity_failure");
        assertThat(json(r).get("message").asText())
                .isEqualTo("share for key tampered failed authentication: tampered or wrong vault");
        HttpVaultClient client = new HttpVaultClient(URI.create(base), token.toCharArray(), http);
        assertThatThrownBy(() -> client.get("tampered")).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("failed authentication");
    }

    private HttpResponse<byte[]> batch(String json) throws Exception {
        return send("POST", "/v1/shares/read", json.getBytes(StandardCharsets.UTF_8), "Bearer " + token,
                "application/json");
    }

    @Test
    void aBatchReadAnswersEveryAskedKeyInOneRequest() throws Exception {
        byte[] a = new byte[1200];
        new SecureRandom().nextBytes(a);
        assertThat(authed("PUT", "/v1/shares/batch-a", a).statusCode()).isEqualTo(201);
        assertThat(authed("PUT", "/v1/shares/batch-b", new byte[] {1, 2, 3}).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> r = batch("{\"keyIds\": [\"batch-a\", \"batch-b\", \"batch-missing\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(r);
        assertThat(body.get("shares").get("batch-a").binaryValue()).isEqualTo(a);
        assertThat(body.get("shares").get("batch-b").binaryValue()).containsExactly(1, 2, 3);
        assertThat(body.get("shares").has("batch-missing")).isFalse();
        assertThat(body.get("failures").isEmpty()).isTrue();

        HttpVaultClient client = new HttpVaultClient(URI.create(base), token.toCharArray(), http);
        ShareBatch read = client.getAll(List.of("batch-a", "batch-b", "batch-missing"));
        assertThat(read.shares()).containsOnlyKeys("batch-a", "batch-b");
        assertThat(read.shares().get("batch-a")).isEqualTo(a);
        assertThat(read.failures()).isEmpty();
        assertThat(client.getAll(List.of()).shares()).as("no request needed").isEmpty();
        assertThat(service.client().getAll(List.of("batch-a", "batch-missing")).shares()).containsOnlyKeys("batch-a");
    }

    @Test
    void aBatchReadNeedsTheToken() throws Exception {
        byte[] ids = "{\"keyIds\": [\"k1\"]}".getBytes(StandardCharsets.UTF_8);
        for (String authorization : new String[] {null, "Bearer " + token.substring(1) + "A", "Basic " + token}) {
            HttpResponse<byte[]> r = send("POST", "/v1/shares/read", ids, authorization, "application/json");
            assertThat(r.statusCode()).as("with " + authorization).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(authed("PUT", "/v1/shares/secret-batch", new byte[] {4}).statusCode()).isEqualTo(201);
        HttpVaultClient wrong = new HttpVaultClient(URI.create(base), "not-the-token".toCharArray(), http);
        assertThatThrownBy(() -> wrong.getAll(List.of("secret-batch"))).isInstanceOf(VaultUnavailableException.class)
                .hasMessageContaining("refused the key service's credential (POST /v1/shares/read)")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void aBadBatchReadIsRefusedWithJson() throws Exception {
        String[][] bad = {
                {"not json", "the body is not JSON"},
                {"", "expected {\"keyIds\""},
                {"[\"k1\"]", "expected {\"keyIds\""},
                {"{\"keyIds\": \"k1\"}", "expected {\"keyIds\""},
                {"{\"keyIds\": [1]}", "must be a JSON string"},
                {"{\"keyIds\": [\"a/b\"]}", "invalid key id"},
                {"{\"keyIds\": [\"k1\"]} trailing", "the body is not JSON"},
        };
        for (String[] c : bad) {
            HttpResponse<byte[]> r = batch(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
            assertThat(json(r).get("message").asText()).as(c[0]).contains(c[1]);
        }
        String tooMany = IntStream.range(0, KeyIds.MAX_BATCH + 1).mapToObj(i -> "\"k" + i + "\"")
                .collect(Collectors.joining(",", "{\"keyIds\": [", "]}"));
        HttpResponse<byte[]> r = batch(tooMany);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("a batch read asks for at most 256 key ids, not 257");
        String max = IntStream.range(0, KeyIds.MAX_BATCH).mapToObj(i -> "\"k" + i + "\"")
                .collect(Collectors.joining(",", "{\"keyIds\": [", "]}"));
        assertThat(batch(max).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> huge = batch("{\"keyIds\": [\"" + "x".repeat(VaultHttpServer.MAX_REQUEST_BYTES) + "\"]}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).get("error").asText()).isEqualTo("payload_too_large");
        HttpResponse<byte[]> text = send("POST", "/v1/shares/read", "{}".getBytes(StandardCharsets.UTF_8),
                "Bearer " + token, "text/plain");
        assertThat(text.statusCode()).isEqualTo(415);

        HttpVaultClient client = new HttpVaultClient(URI.create(base), token.toCharArray(), http);
        List<String> ids = IntStream.range(0, KeyIds.MAX_BATCH + 1).mapToObj(i -> "k" + i).toList();
        assertThatThrownBy(() -> client.getAll(ids)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a batch read asks for at most 256 key ids, not 257");
    }

    @Test
    void aBatchReadReportsATamperedShareForItsKeyOnly() throws Exception {
        assertThat(authed("PUT", "/v1/shares/batch-good", new byte[] {7, 7}).statusCode()).isEqualTo(201);
        assertThat(authed("PUT", "/v1/shares/batch-tampered", new byte[] {1, 2, 3, 4}).statusCode()).isEqualTo(201);
        try (org.sealpost.storage.Database db = org.sealpost.storage.Database.open(service.home().embeddedDatabase())) {
            byte[] sealed = VaultTest.sealed(db, "batch-tampered");
            sealed[Kek.NONCE_BYTES] ^= 0x08;
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE vault_share SET sealed = ? WHERE key_id = 'batch-tampered'")) {
                    ps.setBytes(1, sealed);
                    return ps.executeUpdate();
                }
            });
        }
        HttpResponse<byte[]> r = batch("{\"keyIds\": [\"batch-good\", \"batch-tampered\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("failures").get("batch-tampered").asText())
                .isEqualTo("share for key batch-tampered failed authentication: tampered or wrong vault");
        assertThat(json(r).get("shares").has("batch-tampered")).isFalse();

        HttpVaultClient client = new HttpVaultClient(URI.create(base), token.toCharArray(), http);
        ShareBatch read = client.getAll(List.of("batch-good", "batch-tampered"));
        assertThat(read.shares()).containsOnlyKeys("batch-good");
        assertThat(read.shares().get("batch-good")).containsExactly(7, 7);
        assertThat(read.failures()).containsOnlyKeys("batch-tampered");
        assertThat(read.failures().get("batch-tampered")).contains("failed authentication");
    }

    @Test
    void localClientBehavesAlike() throws Exception {
        VaultClient local = service.client();
        local.put("local-1", new byte[] {5});
        local.put("local-1", new byte[] {5});
        assertThatThrownBy(() -> local.put("local-1", new byte[] {6})).isInstanceOf(ShareConflictException.class);
        assertThat(local.get("local-1")).hasValueSatisfying(v -> assertThat(v).containsExactly(5));
        assertThat(local.delete("local-1")).isTrue();
        assertThat(local.get("local-1")).isEmpty();
    }
}
