package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.internet.MimeMessage;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import org.sealpost.server.testing.ServerProperties;
import org.sealpost.storage.testing.TestDatabase;

/**
 * A server configured as an operator would (a properties file; the relay is GreenMail's SMTP), and an
 * HTTP client speaking its API as a device does: it reads challenge mails through GreenMail's API.
 */
final class EnrollmentServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final SealpostServer server;
    private final GreenMailOperations mail;

    private EnrollmentServer(SealpostServer server, GreenMailOperations mail) {
        this.server = server;
        this.mail = mail;
    }

    /** The answer to a request. */
    record Response(int status, JsonNode json, HttpResponse<String> raw) {
        Response expect(int expected) {
            assertThat(status).as(raw.body()).isEqualTo(expected);
            return this;
        }

        String error() {
            return json.path("error").asText();
        }
    }

    static Properties configuration(TestDatabase testDb, GreenMailOperations mail) {
        Properties config = ServerProperties.databaseOf(testDb);
        config.setProperty(ConfigKeys.KMS_POOL_SIZE, "0");
        config.setProperty(ConfigKeys.MAIL_RELAY_HOST, "127.0.0.1");
        config.setProperty(ConfigKeys.MAIL_RELAY_PORT, Integer.toString(mail.getSmtp().getPort()));
        config.setProperty(ConfigKeys.MAIL_RELAY_SECURITY, "none");
        return config;
    }

    static EnrollmentServer start(Path dir, TestDatabase testDb, GreenMailOperations mail, Properties config) throws Exception {
        return start(dir, testDb, mail, config, Map.of());
    }

    /** @param extraEnvironment more of the server's environment (e.g. remote vaults' passwords) */
    static EnrollmentServer start(Path dir, TestDatabase testDb, GreenMailOperations mail, Properties config,
            Map<String, String> extraEnvironment) throws Exception {
        Path file = dir.resolve(ServerConfig.DEFAULT_FILE);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(w, "test");
        }
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        char[] password = testDb.config().password();
        if (password != null) {
            environment.put("SEALPOST_DB_PASSWORD", new String(password));
        }
        ServerConfig loaded = ServerConfig.load(Optional.of(file), environment, Map.of());
        return new EnrollmentServer(SealpostServer.start(loaded.settings(dir.resolve("data"),
                Optional.of("test-ca-password".toCharArray()), environment)), mail);
    }

    SealpostServer server() {
        return server;
    }

    /** The URL devices use, which their tokens name: the server's public URL. */
    String publicUrl(String path) {
        return "http://localhost:" + server.port() + path;
    }

    /** Starts an enrollment for {@code address} with {@code device}'s account key. */
    Response start(String address, TestDevice device) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("address", address);
        body.set("accountKey", device.jwkJson());
        return post("/v1/enrollments", body.toString());
    }

    /** The mail part of the challenge mail of enrollment {@code id}, read from {@code address}'s mailbox. */
    String mailPart(String address, String id) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            String[] ids = m.getHeader("Sealpost-Challenge-Id");
            if (ids != null && ids[0].equals(id) && Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))) {
                assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
                return m.getSubject().substring("SEALPOST: ".length()).strip();
            }
        }
        throw new AssertionError("no challenge mail " + id + " to " + address);
    }

    /** Completes enrollment {@code started} as {@code device} with the right answer. */
    Response complete(JsonNode started, TestDevice device, String name) throws Exception {
        String id = started.path("enrollment").asText();
        String answer = device.answer(mailPart(started.path("address").asText(), id), started.path("token").asText());
        return complete(id, answer, device.csr(), name);
    }

    Response complete(String id, String answer, String csr, String name) throws Exception {
        return post("/v1/enrollments/" + id, JSON.createObjectNode().put("answer", answer).put("csr", csr)
                .put("deviceName", name).toString());
    }

    /** A whole enrollment; the device keeps its signing certificate. */
    JsonNode enroll(String address, TestDevice device, String name) throws Exception {
        JsonNode started = start(address, device).expect(201).json();
        JsonNode done = complete(started, device, name).expect(201).json();
        device.enrolled(done.path("signingCertificate").asText());
        return done;
    }

    Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(local(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A device-authenticated POST of a JSON body. */
    Response post(String path, String body, TestDevice device) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(local(path)).header("Content-Type", "application/json")
                .header("Authorization", device.authorization("POST", publicUrl(path), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    Response get(String path, TestDevice device) throws Exception {
        return send(HttpRequest.newBuilder(local(path)).header("Authorization", device.authorization("GET", publicUrl(path), null)).GET());
    }

    Response delete(String path, TestDevice device) throws Exception {
        String tokenPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return send(HttpRequest.newBuilder(local(path))
                .header("Authorization", device.authorization("DELETE", publicUrl(tokenPath), null)).DELETE());
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        return new Response(r.statusCode(), json, r);
    }

    @Override
    public void close() {
        server.close();
    }
}
