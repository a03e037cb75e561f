package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.apikey.ApiKeys;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;

/**
 * {@code sealpost admin apikey create|list|disable}: the key printed once and usable, listed without
 * it (last use included), disabling audited and final, bad input exit 2 with one line and nothing
 * changed; and on a real server process, the key works and appears neither in its log nor in the database.
 */
class AdminApiKeyCommandTest {
    private static final Pattern KEY = Pattern.compile("spk_[A-Za-z0-9_-]{43}");

    @TempDir
    Path data;

    private Database open() {
        return Database.open(DatabaseConfig.embedded(data));
    }

    @Test
    void keysAreCreatedListedAndDisabled() throws Exception {
        open().close();
        Result created = run("admin", "apikey", "create", "--data", data, "--name", "acme-gateway", "--org", "Bücher.Example");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created API key acme-gateway (id ").contains(" for xn--bcher-kva.example");
        String key = created.out().lines().filter(l -> l.startsWith("key: ")).findFirst().orElseThrow().substring(5);
        assertThat(key).matches(KEY);
        assertThat(run("admin", "apikey", "create", "--data", data, "--name", "other").exit()).isZero();

        Result listed = run("admin", "apikey", "list", "--data", data);
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l)
                .matches("acme-gateway\\t[A-Za-z0-9_-]{22}\\txn--bcher-kva\\.example\\tactive\\tcreated \\S+ by operator:cli\\tlast used never"));
        assertThat(listed.out()).doesNotContain(key, "spk_");

        try (Database db = open()) {
            assertThat(new ApiKeys(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC(), new SecureRandom()).authenticate(key))
                    .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("acme-gateway"));
        }
        assertThat(run("admin", "apikey", "list", "--data", data).out()).containsPattern("acme-gateway\\t.*\\tlast used 20\\d\\d-");

        Result disabled = run("admin", "apikey", "disable", "--data", data, "--name", "acme-gateway");
        assertThat(disabled.exit()).as(disabled.toString()).isZero();
        assertThat(disabled.out()).isEqualTo("disabled API key acme-gateway" + System.lineSeparator());
        assertThat(run("admin", "apikey", "list", "--data", data).out()).containsPattern("acme-gateway\\t\\S+\\txn--bcher-kva\\.example\\tdisabled ");
        try (Database db = open()) {
            assertThat(new ApiKeys(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC(), new SecureRandom()).authenticate(key)).isEmpty();
            assertThat(new AuditLog(db, Clock.systemUTC()).tail(10)).extracting(AuditRecord::action, AuditRecord::subject)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("apikey.create", "apikey:acme-gateway"),
                            org.assertj.core.groups.Tuple.tuple("apikey.create", "apikey:other"),
                            org.assertj.core.groups.Tuple.tuple("apikey.disable", "apikey:acme-gateway"));
            assertThat(dump(db)).doesNotContain("spk_", key.substring(4));
        }
    }

    @Test
    void badInputIsExit2WithOneLineAndChangesNothing() throws Exception {
        open().close();
        assertThat(run("admin", "apikey", "create", "--data", data, "--name", "gw").exit()).isZero();

        record Case(String expected, Object... args) {
        }
        List<Case> cases = List.of(
                new Case("name", "create", "--data", data, "--name", "Acme Gateway"),
                new Case("name", "create", "--data", data, "--name", ""),
                new Case("exists already", "create", "--data", data, "--name", "gw"),
                new Case("not a mail domain", "create", "--data", data, "--name", "gw2", "--org", "localhost"),
                new Case("--name", "create", "--data", data),
                new Case("no database", "create", "--data", data.resolve("nowhere"), "--name", "gw3"),
                new Case("no API key named 'nobody'", "disable", "--data", data, "--name", "nobody"),
                new Case("--name", "disable", "--data", data),
                new Case("no database", "list", "--data", data.resolve("nowhere")),
                new Case("Unknown option", "list", "--data", data, "--all"));
        for (Case c : cases) {
            Object[] args = new Object[c.args().length + 2];
            args[0] = "admin";
            args[1] = "apikey";
            System.arraycopy(c.args(), 0, args, 2, c.args().length);
            Result r = run(args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.errLines()).as(r.toString()).singleElement().satisfies(l -> assertThat(l).startsWith("sealpost: ")
                    .contains(c.expected()).doesNotContain("Exception"));
            assertThat(r.out()).as(r.toString()).doesNotContain("spk_");
        }
        assertThat(run("admin", "apikey", "disable", "--data", data, "--name", "gw").exit()).isZero();
        Result twice = run("admin", "apikey", "disable", "--data", data, "--name", "gw");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.errLines()).singleElement().satisfies(l -> assertThat(l).contains("disabled already"));

        assertThat(run("admin", "apikey", "list", "--data", data).out().lines()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("gw\t"));
        try (Database db = open()) {
            assertThat(new AuditLog(db, Clock.systemUTC()).tail(10)).extracting(AuditRecord::action)
                    .containsExactly("apikey.create", "apikey.disable");
        }
        assertThat(Files.exists(data.resolve("nowhere"))).isFalse();
    }

    /** The server's own process (slf4j-simple on stderr), the key made by the CLI beside it on the same embedded database. */
    @Test
    void aKeyMadeBesideARunningServerWorksAndIsNeverLogged() throws Exception {
        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        Path log = data.resolve("server.log");
        Path serverData = data.resolve("data");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "org.sealpost.cli.Main", "server", "--data", serverData.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String key;
        String unknown = "spk_" + "Q".repeat(43);
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
            Result created = run("admin", "apikey", "create", "--data", serverData, "--name", "gateway", "--org", "example.com");
            assertThat(created.exit()).as(created.toString()).isZero();
            Matcher k = KEY.matcher(created.out());
            assertThat(k.find()).isTrue();
            key = k.group();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
            HttpResponse<String> batch = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/lookup"))
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"addresses\":[\"ann@example.org\",\"bo@example.org\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org"))
                    .header("Authorization", "Bearer " + unknown).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(401);

            assertThat(run("admin", "apikey", "list", "--data", serverData).out()).containsPattern("gateway\\t.*\\tlast used 20\\d\\d-");
            assertThat(run("admin", "apikey", "disable", "--data", serverData, "--name", "gateway").exit()).isZero();
            HttpResponse<String> disabled = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/directory/ann@example.org"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(disabled.statusCode()).isEqualTo(401);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String text = Files.readString(log);
        assertThat(text).contains("route=/v1/directory/{address} status=401");
        assertThat(text).doesNotContain("spk_", key.substring(4), unknown.substring(4));
        try (Database db = Database.open(DatabaseConfig.embedded(serverData))) {
            assertThat(dump(db)).contains("apikey.create", "apikey.disable").doesNotContain("spk_", key.substring(4));
        }
    }

    /** Every row of every table, as H2 writes a backup script. */
    private static String dump(Database db) {
        return db.inTransaction(c -> {
            StringBuilder all = new StringBuilder();
            try (var s = c.createStatement(); var rs = s.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    all.append(rs.getString(1)).append('\n');
                }
            }
            return all.toString();
        });
    }
}
