package org.sealpost.client.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The well-known announcement, served over http by a local server standing in for the domains' web servers. */
class KeyServiceDiscoveryTest {
    private HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private KeyServiceDiscovery discovery;

    private record Answer(int status, String body, long delayMillis) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // Path: /<domain>/.well-known/sealpost.json
            String domain = exchange.getRequestURI().getPath().split("/")[1];
            asked.add(domain);
            Answer a = answers.getOrDefault(domain, new Answer(404, "{\"error\": \"not_found\"}", 0));
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(a.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                // The client gave up (timeout test).
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        int port = server.getAddress().getPort();
        discovery = new KeyServiceDiscovery(HttpClient.newHttpClient(),
                domain -> URI.create("http://127.0.0.1:" + port + "/" + domain + "/.well-known/sealpost.json"), Duration.ofMillis(800));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDomainThatAnnouncesItsKeyServiceIsServedThere() {
        answers.put("corp.example", new Answer(200, "{\"keyService\": \"https://keys.corp.example\"}", 0));
        answers.put("lab.example", new Answer(200, "{\"keyService\": \"http://127.0.0.1:8443/\", \"other\": 1}", 0));
        assertThat(discovery.announced("corp.example")).contains(URI.create("https://keys.corp.example"));
        // Fetched over http (a test or a dev setup), an http key service is accepted as announced.
        assertThat(discovery.announced("LAB.example")).contains(URI.create("http://127.0.0.1:8443/"));
        assertThat(asked).containsExactly("corp.example", "lab.example");
    }

    @Test
    void absenceAndEveryFailureMeanNoKeyServiceOfItsOwn() {
        answers.put("text.example", new Answer(200, "not json", 0));
        answers.put("array.example", new Answer(200, "[\"https://keys.example\"]", 0));
        answers.put("number.example", new Answer(200, "{\"keyService\": 42}", 0));
        answers.put("ftp.example", new Answer(200, "{\"keyService\": \"ftp://keys.example\"}", 0));
        answers.put("nohost.example", new Answer(200, "{\"keyService\": \"https:///v1\"}", 0));
        answers.put("userinfo.example", new Answer(200, "{\"keyService\": \"https://user:pw@keys.example\"}", 0));
        answers.put("error.example", new Answer(500, "{\"keyService\": \"https://keys.example\"}", 0));
        answers.put("huge.example", new Answer(200, "{\"keyService\": \"https://keys.example\", \"pad\": \"" + "x".repeat(20_000) + "\"}", 0));
        for (String domain : List.of("missing.example", "text.example", "array.example", "number.example", "ftp.example",
                "nohost.example", "userinfo.example", "error.example", "huge.example")) {
            assertThat(discovery.announced(domain)).as(domain).isEmpty();
        }
    }

    @Test
    void aSlowDomainIsGivenUpAfterTheTimeout() {
        answers.put("slow.example", new Answer(200, "{\"keyService\": \"https://keys.slow.example\"}", 5_000));
        long start = System.nanoTime();
        assertThat(discovery.announced("slow.example")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anUnreachableServerOrAnAddressLiteralIsNoKeyService() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        KeyServiceDiscovery nowhere = new KeyServiceDiscovery(HttpClient.newHttpClient(),
                domain -> URI.create("http://127.0.0.1:" + closed + "/.well-known/sealpost.json"), Duration.ofSeconds(1));
        assertThat(nowhere.announced("corp.example")).isEmpty();
        assertThat(discovery.announced("[127.0.0.1]")).isEmpty();
        assertThat(discovery.announced("bad_domain!")).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void theProductionLocationIsHttpsAtTheDomain() {
        assertThat(KeyServiceDiscovery.WELL_KNOWN.apply("example.org"))
                .isEqualTo(URI.create("https://example.org/.well-known/sealpost.json"));
        assertThat(KeyServiceDiscovery.hostName("Bücher.Example")).contains("xn--bcher-kva.example");
    }
}
