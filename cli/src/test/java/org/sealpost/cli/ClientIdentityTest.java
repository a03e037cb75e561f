package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.auth.DeviceTokenSigner;

/**
 * Identity certificates reach the client end to end on the dev stack: alice's device asks for V2,
 * an operator approves it with the admin CLI, and from then on {@code certs} lists it and
 * {@code send} signs with it beside the device certificate, which bob's {@code read} shows as two
 * signers and level V2.
 */
class ClientIdentityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ClientWorld world;
    static ClientWorld.User alice;
    static ClientWorld.User bob;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
        alice = world.user("alice@example.org").enrolled();
        bob = world.user("bob@example.org").enrolled();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void anApprovedV2CertificateIsListedAndDualSignsAlicesMail() throws Exception {
        Path data = dir.resolve("server");
        // alice@example.org also holds another CA's certificate (Vp): refreshing V2-V4 must keep it.
        Path files = java.nio.file.Files.createDirectories(dir.resolve("vp-files"));
        CliFixture.writeFiles(files);
        Result imported = CliFixture.run("admin", "external-import", "--data", data, "--address", alice.address,
                "--p12", files.resolve("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV, "--trust-anchors", files.resolve("root.pem"));
        assertThat(imported.exit()).as(imported.toString()).isZero();
        String request = requestV2(alice);
        Result operator = CliFixture.run("admin", "account", "create", "--data", data, "--name", "olga", "--role", "operator");
        assertThat(operator.exit()).as(operator.toString()).isZero();
        Result approved = CliFixture.run("admin", "identity", "approve", "--data", data, "--operator", "olga", "--request", request);
        assertThat(approved.exit()).as(approved.toString()).isZero();

        Result certs = alice.run("certs", "--json");
        assertThat(certs.exit()).as(certs.toString()).isZero();
        String deviceId = store(alice).device().orElseThrow().id();
        List<JsonNode> identities = StreamSupport.stream(certs.json().path("certificates").spliterator(), false)
                .filter(c -> c.path("kind").asText().equals("identity")).toList();
        assertThat(identities).as(certs.out()).extracting(c -> c.path("level").asText()).containsExactlyInAnyOrder("V2", "Vp");
        JsonNode v2 = identities.stream().filter(c -> c.path("level").asText().equals("V2")).findFirst().orElseThrow();
        assertThat(v2.path("current").asBoolean()).isTrue();
        assertThat(v2.path("device").asText()).isEqualTo(deviceId);
        assertThat(v2.path("subject").asText()).contains("Alice", "Archer");
        assertThat(certs.json().path("notes")).as(certs.out()).isEmpty();
        assertThat(store(alice).identities()).extracting(StoreData.IdentityCertificate::level).containsExactly("V2", "Vp");
        assertThat(store(alice).identities().getFirst().chain()).hasSize(3);

        Result sent = alice.run("send", "--to", bob.address, "--subject", "Signed twice", "--body", "Hello Bob, with my V2.");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        assertThat(sent.out()).contains("signed with device certificate and V2, timestamped");
        assertThat(sent.err()).doesNotContain("warning");

        JsonNode read = bob.run("read", "--id", idOf(bob, "Signed twice"), "--json").json();
        assertThat(read.path("signature").path("valid").asBoolean()).as(read.toString()).isTrue();
        assertThat(read.path("signature").path("level").asText()).isEqualTo("V2");
        assertThat(read.path("signatures")).hasSize(2);
        assertThat(StreamSupport.stream(read.path("signatures").spliterator(), false).map(s -> s.path("level").asText()))
                .containsExactlyInAnyOrder("V1", "V2");
        assertThat(read.path("signatures")).allSatisfy(s -> assertThat(s.path("valid").asBoolean()).isTrue());
        assertThat(store(alice).identities()).extracting(StoreData.IdentityCertificate::level).containsExactly("V2", "Vp");

        // The service cannot be asked: a warning, and the mail goes out signed by the device certificate alone.
        Path settings = new ClientHome(alice.home).settingsFile();
        String saved = java.nio.file.Files.readString(settings);
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        assertThat(saved).contains(world.stack.baseUrl());
        java.nio.file.Files.writeString(settings, saved.replace(world.stack.baseUrl(), "http://127.0.0.1:" + dead));
        Result offline;
        try {
            offline = alice.run("send", "--to", bob.address, "--subject", "Signed once", "--body", "The service is away.", "--no-encrypt");
        } finally {
            java.nio.file.Files.writeString(settings, saved);
        }
        assertThat(offline.exit()).as(offline.toString()).isZero();
        assertThat(offline.out()).contains("signed with device certificate").doesNotContain("V2");
        assertThat(offline.err()).contains("warning: the V2-V4 identity certificates were not refreshed");
        assertThat(store(alice).identities()).as("nothing is dropped from the store for a failed refresh")
                .extracting(StoreData.IdentityCertificate::level).containsExactly("V2", "Vp");
        JsonNode once = bob.run("read", "--id", idOf(bob, "Signed once"), "--json").json();
        assertThat(once.path("signatures")).as(once.toString()).hasSize(1);
        assertThat(once.path("signature").path("level").asText()).isEqualTo("V1");
    }

    /** alice's device asks for V2 ({@code POST /v1/identity/requests}) with its own token; the request's id. */
    private static String requestV2(ClientWorld.User user) throws Exception {
        try (Account account = open(user)) {
            StoreData.DeviceCredentials device = account.device();
            String url = account.service().base() + "/v1/identity/requests";
            byte[] body = "{\"level\":\"V2\",\"givenName\":\"Alice\",\"surname\":\"Archer\",\"locality\":\"Berlin\",\"country\":\"DE\"}"
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", new DeviceTokenSigner(device.signingKey(), device.certificate())
                            .authorization("POST", url, body))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode made = JSON.readTree(r.body());
            assertThat(made.path("status").asText()).isEqualTo("pending");
            return made.path("id").asText();
        }
    }

    private static String idOf(ClientWorld.User user, String subject) throws Exception {
        Result r = user.run("inbox", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return StreamSupport.stream(r.json().spliterator(), false).filter(m -> m.path("subject").asText().equals(subject))
                .map(m -> m.path("id").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no message '" + subject + "' in " + user.address + "'s inbox: " + r.out()));
    }

    private static StoreData store(ClientWorld.User user) throws Exception {
        try (Account account = open(user)) {
            return account.data();
        }
    }

    private static Account open(ClientWorld.User user) throws Exception {
        return Account.open(new ClientHome(user.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(), HttpClient.newHttpClient());
    }
}
