package org.sealpost.cli.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Foreground;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.directory.Quota;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.directory.DirectorySettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Directory look-ups over HTTP (issue 6). Set-up, not timed: a temporary data directory, N addresses
 * loaded into the directory table (each with one encryption certificate, as {@code publishIssued}
 * stores them, written in batches), then a server on that database. Measured: anonymous
 * {@code GET /v1/directory/{address}} of random loaded addresses from C client threads in this JVM
 * for S seconds (after a warm-up), then the same server's {@code GET /health} the same way, as the
 * ceiling of the HTTP stack. Quotas are lifted for the run. Prints Markdown for docs/BENCHMARKS.md.
 *
 * <p>With {@code --serve-only} nothing is measured here: the loaded server is left running (until
 * Ctrl-C or {@code --serve-seconds}) and the addresses are written one a line to a file, so that a
 * load generator in another process ({@code wrk} with scripts/wrk-directory.lua) can drive it.
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
        description = {"Benchmark directory look-ups over HTTP against /health on the same server.",
                "Creates everything in a temporary directory (or a given PostgreSQL database), removed after.",
                "With --serve-only, serves the loaded addresses for an outside load generator (wrk) instead."})
final class DirectoryBench implements Callable<Integer> {
    private static final int LOAD_BATCH = 5_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--addresses", defaultValue = "1000000", description = "Addresses loaded (default ${DEFAULT-VALUE}).")
    int addresses;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds per endpoint (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per endpoint (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "64", description = "Client threads (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--db-url", paramLabel = "URL", description = "A PostgreSQL database to load into (an empty schema); default: embedded H2.")
    Optional<String> dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "Its user (default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--serve-only", description = "Measure nothing: load, start the server, print its URL and a file of the "
            + "addresses, and serve until Ctrl-C or --serve-seconds (for wrk, see scripts/wrk-directory.lua).")
    boolean serveOnly;

    @Option(names = "--serve-seconds", paramLabel = "S", defaultValue = "0",
            description = "With --serve-only: stop after S seconds (default: 0, until Ctrl-C).")
    int serveSeconds;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (addresses < 1 || seconds < 1 || warmup < 0 || concurrency < 1) {
            throw new CliException(ExitCodes.USAGE, "--addresses, --seconds and --concurrency must be at least 1; --warmup not negative");
        }
        if (serveSeconds < 0 || port < 0 || port > 65_535) {
            throw new CliException(ExitCodes.USAGE, "--serve-seconds must not be negative and --port must be 0 to 65535");
        }
        if (serveSeconds > 0 && !serveOnly) {
            throw new CliException(ExitCodes.USAGE, "--serve-seconds goes with --serve-only");
        }
        if (serveOnly) {
            return serve(out);
        }
        Path dir = Files.createTempDirectory("sealpost-bench-directory");
        try {
            DatabaseConfig db = database(dir);
            out.printf(Locale.ROOT, "Sealpost directory benchmark: %d addresses on %s, %d s warm-up + %d s measured per endpoint at "
                            + "concurrency %d; %d available processors, %s %s%n", addresses, db.dialect(), warmup, seconds, concurrency,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
            out.flush();
            long t0 = System.nanoTime();
            load(db);
            out.printf(Locale.ROOT, "loaded %d addresses in %.1f s%n", addresses, (System.nanoTime() - t0) / 1e9);
            out.flush();
            return measure(out, dir, db) ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            KmsBench.delete(dir);
        }
    }

    /** Writes the rows {@code publishIssued} would, without a CA: look-ups read them the same way. */
    private void load(DatabaseConfig config) throws Exception {
        X509Certificate cert = new EphemeralPki("Bench").ec("bench@bench.example", "secp256r1").certificate();
        byte[] der = cert.getEncoded();
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        OffsetDateTime notBefore = OffsetDateTime.ofInstant(cert.getNotBefore().toInstant(), ZoneOffset.UTC);
        OffsetDateTime notAfter = OffsetDateTime.ofInstant(cert.getNotAfter().toInstant(), ZoneOffset.UTC);
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        try (Database db = Database.open(config)) {
            for (int start = 0; start < addresses; start += LOAD_BATCH) {
                int from = start;
                int to = Math.min(addresses, start + LOAD_BATCH);
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_certificate (address_key, fingerprint, address,"
                            + " source, level, ca_serial, not_before, not_after, published_at, checked_at, der)"
                            + " VALUES (?, ?, ?, 'issued', 'V1', ?, ?, ?, ?, ?, ?)")) {
                        for (int i = from; i < to; i++) {
                            ps.setString(1, address(i));
                            ps.setString(2, fingerprint);
                            ps.setString(3, address(i));
                            ps.setString(4, Integer.toHexString(i + 1));
                            ps.setObject(5, notBefore);
                            ps.setObject(6, notAfter);
                            ps.setObject(7, now);
                            ps.setObject(8, now);
                            ps.setBytes(9, der);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
            }
        }
    }

    /** The {@code --serve-only} mode: set up as for a measurement, then serve for an outside load generator. */
    private int serve(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("sealpost-bench-directory");
        try {
            DatabaseConfig db = database(dir);
            out.printf(Locale.ROOT, "Sealpost directory benchmark server: %d addresses on %s; %d available processors, %s %s%n",
                    addresses, db.dialect(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            out.flush();
            long t0 = System.nanoTime();
            load(db);
            Path file = dir.resolve("addresses.txt");
            try (var w = Files.newBufferedWriter(file)) {
                for (int i = 0; i < addresses; i++) {
                    w.write(address(i));
                    w.newLine();
                }
            }
            out.printf(Locale.ROOT, "loaded %d addresses in %.1f s%n", addresses, (System.nanoTime() - t0) / 1e9);
            SealpostServer server = start(dir, db);
            // Closing also removes the temporary directory, so that Ctrl-C (whose shutdown hook waits
            // for the close) leaves nothing behind either.
            AutoCloseable service = () -> {
                try (server) {
                    out.println("stopping");
                    out.flush();
                } finally {
                    removeAfterShutdown(dir);
                }
            };
            Foreground.runUntilStopped(service, () -> {
                String base = "http://127.0.0.1:" + server.port();
                out.println("serving " + base);
                out.println("addresses file: " + file);
                out.println("look-up: GET " + base + "/v1/directory/{address}; ceiling: GET " + base + "/health");
                out.println("e.g.: wrk -t2 -c64 -d20s --latency -s scripts/wrk-directory.lua " + base + " -- " + file);
                out.println(serveSeconds > 0 ? "stops after " + serveSeconds + " s or on Ctrl-C" : "stop with Ctrl-C");
                out.flush();
            }, serveSeconds > 0 ? Duration.ofSeconds(serveSeconds) : null);
            return ExitCodes.OK;
        } finally {
            KmsBench.delete(dir);
        }
    }

    /** On Ctrl-C H2's own shutdown hook may still hold its lock file for a moment: a few tries, then leave it. */
    private static void removeAfterShutdown(Path dir) throws InterruptedException {
        for (int i = 0; i < 20 && Files.exists(dir); i++) {
            KmsBench.delete(dir);
            if (Files.exists(dir)) {
                Thread.sleep(100);
            }
        }
    }

    private DatabaseConfig database(Path dir) {
        return dbUrl.map(url -> new DatabaseConfig(url, dbUser, null, DatabaseConfig.DEFAULT_POOL_SIZE))
                .orElseGet(() -> DatabaseConfig.embedded(dir));
    }

    /** A server on {@code db} with every directory quota lifted: the benchmark measures look-ups, not refusals. */
    private SealpostServer start(Path dir, DatabaseConfig db) throws Exception {
        Quota unlimited = new Quota(1_000_000_000L, Duration.ofSeconds(1));
        DirectorySettings directory = new DirectorySettings(Optional.empty(), unlimited, unlimited, unlimited, unlimited, unlimited,
                Duration.ofDays(90), 100, Duration.ofSeconds(60), Duration.ofDays(1), Duration.ofDays(1));
        Path data = dir.resolve("data");
        return SealpostServer.start(new ServerSettings(data, db, "127.0.0.1", port, Optional.empty(),
                Optional.of("bench-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN), directory));
    }

    private boolean measure(PrintWriter out, Path dir, DatabaseConfig db) throws Exception {
        try (SealpostServer server = start(dir, db)) {
            String base = "http://127.0.0.1:" + server.port();
            Result lookups = run(() -> base + "/v1/directory/" + address(ThreadLocalRandom.current().nextInt(addresses)));
            Result health = run(() -> base + "/health");
            out.println();
            out.println("| endpoint | concurrency | requests/s | p50 ms | p99 ms | requests | failed |");
            out.println("|---|---|---|---|---|---|---|");
            out.println(lookups.row("GET /v1/directory/{address}", concurrency));
            out.println(health.row("GET /health", concurrency));
            out.printf(Locale.ROOT, "%nlook-ups reach %.0f%% of the /health rate%n", 100.0 * lookups.perSecond() / health.perSecond());
            out.flush();
            return lookups.failed() == 0 && health.failed() == 0;
        }
    }

    private Result run(java.util.function.Supplier<String> url) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        drive(http, url, Duration.ofSeconds(warmup));
        return drive(http, url, Duration.ofSeconds(seconds));
    }

    /** C threads sending requests back to back until {@code length} has passed; every latency recorded. */
    private Result drive(HttpClient http, java.util.function.Supplier<String> url, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong failed = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> parts = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int t = 0; t < concurrency; t++) {
                parts.add(threads.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url.get())).GET().build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return java.util.Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : parts) {
                all.add(f.get());
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long[] merged = all.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
            return new Result(merged, elapsed, failed.get());
        } finally {
            threads.shutdownNow();
        }
    }

    private record Result(long[] sorted, double seconds, long failed) {
        double perSecond() {
            return sorted.length / seconds;
        }

        String row(String name, int concurrency) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d | %d |", name, concurrency, perSecond(),
                    Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99), sorted.length, failed);
        }
    }

    private static String address(int i) {
        return "user" + i + "@bench.example";
    }
}
