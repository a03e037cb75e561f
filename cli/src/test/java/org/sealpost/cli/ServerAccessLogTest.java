package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's real log (its own process, slf4j-simple on stderr): one access line per request with
 * the route template and the request id, and nothing of the Authorization header, the query or the body.
 */
class ServerAccessLogTest {
    private static final String TOKEN = "eyJ0eXAiOiJzZWFscG9zdC1kZXZpY2Urand0In0.c2VjcmV0LWNsYWltcy0xMjM0.c2lnLTU2Nzg";

    @TempDir
    Path dir;

    @Test
    void accessLinesNameRoutesAndRequestIdsAndNoSecrets() throws Exception {
        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "org.sealpost.cli.Main", "server", "--data", dir.resolve("data").toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(m = listening.matcher(Files.readString(log))).find()) {
                assertThat(server.isAlive()).as("server process ended: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("server start: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            String base = m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .header("Authorization", "Sealpost " + TOKEN).header("X-Request-Id", "log-test-1").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/unknown/device-4711?secret=q-99"))
                    .header("Authorization", "Sealpost " + TOKEN).header("X-Request-Id", "log-test-2")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"body-secret-42\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(404);
            // A guarded route refusing the token: the refusal is logged, the token is not.
            HttpResponse<String> release = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/keys/release?secret=q-99"))
                    .header("Authorization", "Sealpost " + TOKEN).header("X-Request-Id", "log-test-3")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"body-secret-42\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(release.statusCode()).isEqualTo(401);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String text = Files.readString(log);
        assertThat(text).containsPattern("org\\.sealpost\\.access - method=GET route=/health status=200 duration_ms=\\S+ request_id=log-test-1")
                .containsPattern("org\\.sealpost\\.access - method=POST route=unmatched status=404 duration_ms=\\S+ request_id=log-test-2")
                .containsPattern("org\\.sealpost\\.access - method=POST route=/v1/keys/release status=401 duration_ms=\\S+ request_id=log-test-3");
        assertThat(text).doesNotContain(TOKEN.substring(0, 20), "c2VjcmV0", "Sealpost eyJ", "device-4711", "q-99", "body-secret");
    }
}
