package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
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
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;

/**
 * The identity routes as {@link SealpostServer} wires them: an account made by another process on
 * the same database authenticates on the admin API, and a device with a V1 certificate of the
 * server's CA asks for V2 and gets it once the operator approves.
 */
class IdentityServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static SealpostServer server;
    private static Path data;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        server = SealpostServer.start(new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0,
                Optional.empty(), Optional.of("server-test-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN)));
        // The public URL devices sign their tokens for (the default: localhost and the port).
        base = "http://localhost:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOperatorApprovesADevicesV2RequestOnTheRunningServer() throws Exception {
        String token;
        // Like `sealpost admin account create` beside the running server.
        try (Database db = Database.open(DatabaseConfig.embedded(data))) {
            token = new AdminAccounts(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC(), new SecureRandom())
                    .create("olga", AdminRole.OPERATOR, null, "operator:cli").token();
        }
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/whoami")).header("Authorization", "Bearer " + token)
                .GET()).body()).contains("\"role\":\"operator\"");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/whoami")).GET()).statusCode()).isEqualTo(401);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate v1 = server.ca().issuance().issue(IssuanceRequest.forKey(keys.getPublic(), "signing-v1")
                .withEmails(List.of("alice@example.org")), "test").certificate();
        DeviceTokenSigner device = new DeviceTokenSigner(keys.getPrivate(), v1, Clock.systemUTC(), new SecureRandom(),
                DeviceTokenSigner.DEFAULT_LIFETIME);
        byte[] body = "{\"level\":\"V2\",\"givenName\":\"Alice\",\"surname\":\"Archer\",\"locality\":\"Berlin\",\"country\":\"DE\"}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/requests"))
                .header("Authorization", device.authorization("POST", base + "/v1/identity/requests", body))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();

        HttpResponse<String> approved = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/identity/requests/" + id + "/approve"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        HttpResponse<String> fetched = send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/requests/" + id))
                .header("Authorization", device.authorization("GET", base + "/v1/identity/requests/" + id, null)).GET());
        JsonNode request = JSON.readTree(fetched.body());
        assertThat(request.get("status").asText()).isEqualTo("issued");
        assertThat(request.get("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(server.ca().records().findByAddress("alice@example.org")).extracting(r -> r.profile())
                .containsExactlyInAnyOrder("signing-v1", "signing-v2");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
