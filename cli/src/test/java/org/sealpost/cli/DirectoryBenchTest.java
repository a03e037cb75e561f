package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench directory}: a few hundred addresses and a second per endpoint, not a measurement. */
class DirectoryBenchTest {

    @Test
    void looksUpLoadedAddressesAndHealthOverHttp() {
        CliFixture.Result r = CliFixture.run("bench", "directory", "--addresses", 300, "--seconds", 1, "--warmup", 0,
                "--concurrency", 4);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("loaded 300 addresses")
                .containsPattern("\\| GET /v1/directory/\\{address} \\| 4 \\| \\d+ \\| [0-9.]+ \\| [0-9.]+ \\| \\d+ \\| 0 \\|")
                .containsPattern("\\| GET /health \\| 4 \\| \\d+ \\| [0-9.]+ \\| [0-9.]+ \\| \\d+ \\| 0 \\|")
                .contains("of the /health rate");
    }

    @Test
    void serveOnlyServesTheLoadedAddressesFromItsFileUntilTheLimitThenCleansUp() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true),
                new PrintWriter(err, true), "bench", "directory", "--addresses", "50", "--serve-only", "--serve-seconds", "8"));
        Matcher serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)\\R").matcher("");
        Matcher fileLine = Pattern.compile("addresses file: (\\S+)\\R").matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(serving.reset(out.toString()).find() && fileLine.reset(out.toString()).find()) && !run.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(serving.reset(out.toString()).find()).as(out + "\n" + err).isTrue();
        assertThat(fileLine.reset(out.toString()).find()).isTrue();
        String base = serving.group(1);
        Path file = Path.of(fileLine.group(1));
        List<String> addresses = Files.readAllLines(file);
        assertThat(addresses).hasSize(50).contains("user0@bench.example", "user49@bench.example");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/" + addresses.get(17))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"address\":\"user17@bench.example\"", "BEGIN CERTIFICATE");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        assertThat(run.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("stops after 8 s", "stopping");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void serveSecondsWithoutServeOnlyIsAUsageError() {
        CliFixture.Result r = CliFixture.run("bench", "directory", "--addresses", 10, "--serve-seconds", 5);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--serve-seconds goes with --serve-only");
    }
}
