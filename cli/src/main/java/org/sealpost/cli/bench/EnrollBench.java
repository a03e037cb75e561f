package org.sealpost.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.config.ConfigException;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Enrollment end to end and authenticated device calls over HTTP (issue 5). Set-up, not timed: a
 * temporary data directory, an in-process GreenMail SMTP as the relay, a server configured through
 * the operator's configuration keys (per-client challenge limit lifted, pool target and threads for
 * the run), the key pool warmed to its target (waiting on {@code /metrics}), one EC P-256 key pair
 * per device. Measured: N enrollments at concurrency C, each the device's whole part (start, read
 * the mail, answer, CSR, complete), then, after the pool has refilled, M device-authenticated calls alternating
 * {@code GET /v1/devices} and {@code GET /v1/keys/password}, each with a fresh token, at the call
 * concurrency. Prints Markdown for docs/BENCHMARKS.md.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Benchmark enrollment end to end (challenge mail, answer, certificates) and device-authenticated calls over HTTP.",
                "Creates everything in a temporary directory (or a given PostgreSQL database), removed after."})
final class EnrollBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICES = "/v1/devices";
    private static final String PASSWORD = "/v1/keys/password";
    private static final String POOL_SIZE_METRIC = "sealpost_key_pool_size";
    /** Far above any run: the per-client limit (the most the key takes) would otherwise refuse the 31st enrollment from 127.0.0.1 within the hour. */
    private static final String PER_CLIENT_LIFTED = "999999/1h";

    @Spec
    CommandSpec spec;

    @Option(names = "--enrollments", defaultValue = "200", description = "Enrollments, one address each (default ${DEFAULT-VALUE}).")
    int enrollments;

    @Option(names = "--concurrency", defaultValue = "8", description = "Devices enrolling at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--calls", defaultValue = "2000", description = "Authenticated calls after enrolling (default ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--call-concurrency", defaultValue = "32", description = "Client threads for the calls (default ${DEFAULT-VALUE}).")
    int callConcurrency;

    @Option(names = "--pool", paramLabel = "KEYS",
            description = "Key pool target, warmed before measuring; 0: no pool, every address's key is made during its enrollment "
                    + "(default: the number of enrollments, at most " + KeyPoolSettings.MAX_TARGET + ").")
    Optional<Integer> pool;

    @Option(names = "--key-spec", defaultValue = "rsa-2048",
            description = "Key spec of the addresses' encryption keys: rsa-2048, rsa-3072, ec-p256, ec-p384 (default ${DEFAULT-VALUE}).")
    String keySpec;

    @Option(names = "--db-url", paramLabel = "URL", description = "A PostgreSQL database (an empty schema); default: embedded H2.")
    Optional<String> dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "Its user (default ${DEFAULT-VALUE}).")
    String dbUser;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int poolTarget = pool.orElse(Math.min(enrollments, KeyPoolSettings.MAX_TARGET));
        if (enrollments < 1 || concurrency < 1 || calls < 0 || callConcurrency < 1) {
            throw new CliException(ExitCodes.USAGE, "--enrollments, --concurrency and --call-concurrency must be at least 1; --calls not negative");
        }
        if (poolTarget < 0 || poolTarget > KeyPoolSettings.MAX_TARGET) {
            throw new CliException(ExitCodes.USAGE, "--pool must be between 0 and " + KeyPoolSettings.MAX_TARGET);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory("sealpost-bench-enroll");
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            mail.start();
            Map<String, String> config = new HashMap<>();
            config.put(ConfigKeys.LISTEN_PORT, "0");
            config.put(ConfigKeys.MAIL_RELAY_HOST, "127.0.0.1");
            config.put(ConfigKeys.MAIL_RELAY_PORT, Integer.toString(mail.getSmtp().getPort()));
            config.put(ConfigKeys.MAIL_RELAY_SECURITY, "none");
            config.put(ConfigKeys.VALIDATION_PER_CLIENT, PER_CLIENT_LIFTED);
            config.put(ConfigKeys.KMS_KEY_SPEC, keySpec);
            config.put(ConfigKeys.KMS_POOL_SIZE, Integer.toString(poolTarget));
            config.put(ConfigKeys.KMS_POOL_THREADS, Integer.toString(cores));
            dbUrl.ifPresent(url -> {
                config.put(ConfigKeys.DB_URL, url);
                config.put(ConfigKeys.DB_USER, dbUser);
            });
            ServerConfig loaded;
            try {
                loaded = ServerConfig.load(Optional.empty(), Map.of(), config);
            } catch (ConfigException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            ServerSettings settings = loaded.settings(dir.resolve("data"), Optional.of("bench-password".toCharArray()), Map.of());
            out.printf(Locale.ROOT, "Sealpost enrollment benchmark: %d enrollments at concurrency %d, %d calls at concurrency %d; "
                            + "%d available processors, %s %s%n", enrollments, concurrency, calls, callConcurrency, cores,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            out.printf(Locale.ROOT, "settings: %s %s, %s %s (lifted for the run), %s default (one address per enrollment), "
                            + "%s %d, %s %d, %s %s, relay GreenMail SMTP in this JVM (%s none), database %s%n",
                    ConfigKeys.KMS_KEY_SPEC, keySpec, ConfigKeys.VALIDATION_PER_CLIENT, PER_CLIENT_LIFTED,
                    ConfigKeys.VALIDATION_PER_ADDRESS, ConfigKeys.KMS_POOL_SIZE, poolTarget, ConfigKeys.KMS_POOL_THREADS, cores,
                    ConfigKeys.CA_ALGORITHM, settings.algorithm().name().toLowerCase(Locale.ROOT), ConfigKeys.MAIL_RELAY_SECURITY, dbUrl.isPresent() ? "PostgreSQL" : "H2 (embedded)");
            out.flush();
            try (SealpostServer server = SealpostServer.start(settings)) {
                return measure(out, new Client(server.port(), mail), poolTarget) ? ExitCodes.OK : ExitCodes.FAILED;
            }
        } finally {
            mail.stop();
            KmsBench.delete(dir);
        }
    }

    private boolean measure(PrintWriter out, Client client, int poolTarget) throws Exception {
        if (poolTarget > 0) {
            long t0 = System.nanoTime();
            client.awaitPool(poolTarget);
            out.printf(Locale.ROOT, "key pool warmed to %d %s keys in %.1f s (waited until %s reached the target)%n", poolTarget, keySpec,
                    (System.nanoTime() - t0) / 1e9, POOL_SIZE_METRIC);
        } else {
            out.printf(Locale.ROOT, "no key pool: every enrollment makes its address's %s key%n", keySpec);
        }
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < enrollments; i++) {
            devices.add(new Device("bench" + i + "@bench.example", ecKeyPair()));
        }
        out.flush();

        Result enrolled = drive(concurrency, enrollments, i -> client.enroll(devices.get(i)));
        List<Device> ready = devices.stream().filter(d -> d.certificate != null).toList();
        Optional<Result> allCalls = Optional.empty();
        if (calls > 0 && !ready.isEmpty()) {
            // The enrollments emptied the pool; its refill would otherwise take the cores from the calls.
            if (poolTarget > 0) {
                long refill = System.nanoTime();
                client.awaitPool(poolTarget);
                out.printf(Locale.ROOT, "key pool refilled after the enrollments in %.1f s, before the calls%n", (System.nanoTime() - refill) / 1e9);
                out.flush();
            }
            // The two endpoints interleaved in one run: even calls list the devices, odd ones read the password state.
            allCalls = Optional.of(drive(callConcurrency, calls, i -> client.get(i % 2 == 0 ? DEVICES : PASSWORD, ready.get(i % ready.size()))));
        }
        Map<String, Double> metrics = client.metrics();
        out.println();
        out.println("| phase | concurrency | per second | p50 ms | p99 ms | count | failed |");
        out.println("|---|---|---|---|---|---|---|");
        out.println(enrolled.row("enrollment (start, mail, answer, CSR, complete)", concurrency));
        allCalls.ifPresent(all -> {
            out.println(all.part(0).row("GET " + DEVICES + " (fresh token each)", callConcurrency));
            out.println(all.part(1).row("GET " + PASSWORD + " (fresh token each)", callConcurrency));
            out.println(all.row("both together", callConcurrency));
        });
        out.printf(Locale.ROOT, "%nkey pool during the run: %.0f hits, %.0f misses (keys made during an enrollment)%n",
                metrics.getOrDefault("sealpost_key_pool_hits_total", 0.0), metrics.getOrDefault("sealpost_key_pool_misses_total", 0.0));
        out.flush();
        return enrolled.failed() == 0 && allCalls.map(r -> r.failed() == 0).orElse(true);
    }

    /** One measured task; {@code i} is its number, 0 to total - 1. */
    @FunctionalInterface
    private interface Task {
        boolean run(int i) throws Exception;
    }

    /** {@code total} tasks taken in turn by {@code threads} threads, back to back; every latency recorded. */
    private static Result drive(int threads, int total, Task task) throws Exception {
        long[] latencies = new long[total];
        boolean[] failed = new boolean[total];
        AtomicInteger taken = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    int i;
                    while ((i = taken.getAndIncrement()) < total) {
                        long s = System.nanoTime();
                        boolean ok;
                        try {
                            ok = task.run(i);
                        } catch (Exception e) {
                            ok = false;
                        }
                        latencies[i] = System.nanoTime() - s;
                        failed[i] = !ok;
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(latencies, failed, (System.nanoTime() - started) / 1e9);
    }

    /** Latencies and outcomes by task number, and the run's length. */
    private record Result(long[] latencies, boolean[] failures, double seconds) {
        long failed() {
            long n = 0;
            for (boolean f : failures) {
                n += f ? 1 : 0;
            }
            return n;
        }

        /** The tasks whose number is {@code kind} modulo 2; their rate is within the whole run. */
        Result part(int kind) {
            int n = (latencies.length + 1 - kind) / 2;
            long[] mine = new long[n];
            boolean[] mineFailed = new boolean[n];
            for (int i = kind, j = 0; i < latencies.length; i += 2, j++) {
                mine[j] = latencies[i];
                mineFailed[j] = failures[i];
            }
            return new Result(mine, mineFailed, seconds);
        }

        String row(String name, int concurrency) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %d | %d |", name, concurrency, sorted.length / seconds,
                    Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99), sorted.length, failed());
        }
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** One device: its address, its signing key pair, and once enrolled its certificate. */
    private static final class Device {
        final String address;
        final KeyPair keys;
        final ECKey jwk;
        volatile X509Certificate certificate;

        Device(String address, KeyPair keys) {
            this.address = address;
            this.keys = keys;
            this.jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) keys.getPublic()).build();
        }
    }

    /** The device side of the API, as docs/ENROLLMENT.md describes it; the mailbox is read from GreenMail. */
    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final int port;
        private final GreenMail mail;

        Client(int port, GreenMail mail) {
            this.port = port;
            this.mail = mail;
        }

        boolean enroll(Device device) throws Exception {
            ObjectNode start = JSON.createObjectNode().put("address", device.address);
            start.set("accountKey", JSON.readTree(device.jwk.toJSONString()));
            HttpResponse<String> started = post("/v1/enrollments", start.toString());
            if (started.statusCode() != 201) {
                return false;
            }
            JsonNode challenge = JSON.readTree(started.body());
            String id = challenge.path("enrollment").asText();
            Optional<String> mailPart = mailPart(device.address, id);
            if (mailPart.isEmpty()) {
                return false;
            }
            String authorization = mailPart.get() + challenge.path("token").asText() + "." + device.jwk.computeThumbprint("SHA-256");
            String answer = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.US_ASCII)));
            HttpResponse<String> done = post("/v1/enrollments/" + id, JSON.createObjectNode().put("answer", answer)
                    .put("csr", csr(device.keys)).put("deviceName", "bench").toString());
            if (done.statusCode() != 201) {
                return false;
            }
            device.certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                    JSON.readTree(done.body()).path("signingCertificate").asText().getBytes(StandardCharsets.US_ASCII)));
            return true;
        }

        /** The relay has stored the mail before the server answered the start, so it is there to read. */
        private Optional<String> mailPart(String address, String id) {
            return mail.findReceivedMessages(u -> address.equalsIgnoreCase(u.getEmail()), m -> id.equals(header(m)))
                    .findFirst().map(m -> {
                        try {
                            return m.getSubject().substring("SEALPOST: ".length()).strip();
                        } catch (MessagingException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }

        private static String header(MimeMessage m) {
            try {
                String[] ids = m.getHeader("Sealpost-Challenge-Id");
                return ids == null ? null : ids[0];
            } catch (MessagingException e) {
                return null;
            }
        }

        private static String csr(KeyPair keys) throws Exception {
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"), keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            }
            return pem.toString();
        }

        /** One device-authenticated GET with a token made for it; the token names the server's public URL. */
        boolean get(String path, Device device) throws Exception {
            String token = new DeviceTokenSigner(device.keys.getPrivate(), device.certificate)
                    .authorization("GET", "http://localhost:" + port + path, null);
            return http.send(HttpRequest.newBuilder(local(path)).header("Authorization", token).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }

        /** Polls {@code /metrics} until the pool holds {@code target} keys: the refill threads are the server's own. */
        void awaitPool(int target) throws Exception {
            while (metrics().getOrDefault(POOL_SIZE_METRIC, 0.0) < target) {
                Thread.sleep(200);
            }
        }

        /** The server's Prometheus samples, summed over labels. */
        Map<String, Double> metrics() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(local("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Double> values = new HashMap<>();
            for (String line : r.body().lines().toList()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                values.merge(line.substring(0, end), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
            return values;
        }

        private HttpResponse<String> post(String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(local(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI local(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
