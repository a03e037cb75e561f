package org.sealpost.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.kms.KeyMaterialCheck;
import org.sealpost.kms.KeyPairFactory;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeySplitter;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.ProtectionSettings;
import org.sealpost.kms.ReleasePackage;
import org.sealpost.kms.ReleasedKey;
import org.sealpost.kms.Share;
import org.sealpost.core.keys.Identity;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.ShareBatch;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultEndpoint;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultTlsFiles;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.TlsCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Key release and key pool throughput (issue 4). Set-up, not timed: a temporary directory, two
 * vaults created with {@link VaultHome#init} and run as separate processes ({@code sealpost vault
 * --port 0}, this JVM's class path) reached over loopback and mutual TLS by {@link HttpVaultClient}s, the key
 * service's own embedded H2 database, a {@link KeyService} splitting 2-of-2, and N addresses each
 * with a 3-key history (create + 2 rotations). Then releases of whole histories to a device
 * transport key at a given concurrency: releases/s, p50, p99. Every {@code --check-every}-th
 * envelope is opened with {@link ReleasePackage#open} and must hold the 3 keys; any failed
 * release or check is counted and fails the run. Then audit appends alone at the same concurrency
 * (the step every release passes through in turn) and a check of the whole audit chain. Then the
 * {@link KeyPool}: keys/s its refill makes with its default threads, and a burst of {@code take}
 * from a pool warmed to its target.
 * Prints Markdown for docs/BENCHMARKS.md.
 */
@Command(name = "kms", mixinStandardHelpOptions = true,
        description = {"Benchmark key release (3-key histories, 2-of-2 vaults as separate processes over loopback mutual TLS) "
                + "and the key pool (refill keys/s, a burst of takes).",
                "Creates everything in a temporary directory, removed after; the vault processes are stopped at the end."})
final class KmsBench implements Callable<Integer> {
    private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");
    private static final String ACTOR = "bench";
    private static final int HISTORY = 3;
    /** The concurrency at which issue 4 states its key-release targets. */
    private static final int TARGET_CONCURRENCY = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--addresses", defaultValue = "200", description = "Addresses, each with a 3-key history (default ${DEFAULT-VALUE}).")
    int addresses;

    @Option(names = "--spec", defaultValue = "rsa-2048", paramLabel = "SPEC",
            description = "Key spec of the addresses' keys and of the pool: rsa-2048, rsa-3072, ec-p256, ec-p384 (default ${DEFAULT-VALUE}).")
    String keySpec;

    @Option(names = "--transport", defaultValue = "ec-p256", paramLabel = "SPEC",
            description = "The device transport key (default ${DEFAULT-VALUE}).")
    String transportSpec;

    @Option(names = "--releases", defaultValue = "2000", description = "Measured releases (default ${DEFAULT-VALUE}).")
    int releases;

    @Option(names = "--warmup", defaultValue = "200", description = "Warm-up releases before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "16", description = "Releasing threads (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--check-every", defaultValue = "100",
            description = "Open every N-th release envelope and check its keys (default ${DEFAULT-VALUE}).")
    int checkEvery;

    @Option(names = "--phases", defaultValue = "100",
            description = "Samples of the single-thread per-phase breakdown; 0 skips (default ${DEFAULT-VALUE}).")
    int phaseSamples;

    @Option(names = "--pool-seconds", defaultValue = "10",
            description = "Seconds to measure the pool's sustained refill rate; 0 skips (default ${DEFAULT-VALUE}).")
    int poolSeconds;

    @Option(names = "--pool-burst", defaultValue = "1000",
            description = "take() calls in the burst from a warmed pool; 0 skips (default ${DEFAULT-VALUE}).")
    int poolBurst;

    @Option(names = "--pool-target", defaultValue = "" + KeyPoolSettings.DEFAULT_TARGET,
            description = "The pool's target for the burst (default ${DEFAULT-VALUE}, the server's default).")
    int poolTarget;

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sink = new AtomicLong();
    /** The key ids of one address's history, for the vault batch-read phase. */
    private final java.util.concurrent.atomic.AtomicReference<List<String>> sampleKeyIds = new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (addresses < 1 || releases < 1 || warmup < 0 || concurrency < 1 || checkEvery < 1 || phaseSamples < 0
                || poolSeconds < 0 || poolBurst < 0 || poolTarget < 0 || poolTarget > KeyPoolSettings.MAX_TARGET) {
            throw new CliException(ExitCodes.USAGE, "--addresses, --releases, --concurrency and --check-every must be at least 1; "
                    + "--warmup, --phases, --pool-seconds, --pool-burst not negative; --pool-target 0.." + KeyPoolSettings.MAX_TARGET);
        }
        KeySpec keys;
        KeySpec transport;
        try {
            keys = KeySpec.fromSettingName(keySpec);
            transport = KeySpec.fromSettingName(transportSpec);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Sealpost key release benchmark: %d addresses with a %d-key %s history, 2-of-2 vaults as separate "
                        + "processes over loopback, %s transport key, %d warm-up + %d measured releases at concurrency %d; "
                        + "%d available processors, %s %s%n", addresses, HISTORY, keys.settingName(), transport.settingName(),
                warmup, releases, concurrency, cores, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        out.flush();
        boolean good = true;
        Path dir = Files.createTempDirectory("sealpost-bench-kms");
        List<Process> processes = new ArrayList<>();
        try {
            good &= releases(out, dir, keys, transport, processes);
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(15, TimeUnit.SECONDS);
                }
            }
            delete(dir);
        }
        if (poolSeconds > 0 || poolBurst > 0) {
            pool(out, keys);
        }
        out.flush();
        return good ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private boolean releases(PrintWriter out, Path dir, KeySpec keys, KeySpec transport, List<Process> processes) throws Exception {
        long s0 = System.nanoTime();
        List<HttpVaultClient> clients = new ArrayList<>();
        Identity keyService = TlsCertificates.selfSigned(ACTOR, TlsCertificates.Role.CLIENT, List.of(), random, Instant.now());
        for (int i = 1; i <= 2; i++) {
            Path data = dir.resolve("vault-" + i);
            VaultHome.Initialized init = VaultHome.init(data, new KekChoice.File(), null, Optional.of(new VaultTlsFiles.Setup(
                    VaultTlsFiles.DEFAULT_NAMES, Optional.empty(), Set.of(CertificatePin.of(keyService.certificate())))), random);
            Arrays.fill(init.clientToken(), '\0');
            char[] token = Files.readString(init.home().clientTokenFile(), StandardCharsets.US_ASCII).strip().toCharArray();
            URI base = startVault(data, dir.resolve("vault-" + i + ".log"), processes);
            clients.add(HttpVaultClient.create(new VaultEndpoint.MutualTls(base, token, Set.of(init.tls().orElseThrow().pin()),
                    keyService), HttpVaultClient.DEFAULT_TIMEOUT));
            Arrays.fill(token, '\0');
        }
        for (HttpVaultClient c : clients) {
            c.health();
        }
        double vaultSeconds = (System.nanoTime() - s0) / 1e9;
        Clock clock = Clock.systemUTC();
        DatabaseConfig embedded = DatabaseConfig.embedded(dir.resolve("kms"));
        DatabaseConfig config = embedded.withMaxPoolSize(concurrency + 4);
        try (Database db = Database.open(config);
             KeyPool pool = new KeyPool(new KeyPairFactory(random), new KeyPoolSettings(Map.of(), 1))) {
            AuditLog audit = new AuditLog(db, clock);
            KeyProtection protection = new KeyProtection(db, audit, clock, random, ProtectionSettings.defaults());
            KeyService service = new KeyService(db, audit, pool, List.<VaultClient>copyOf(clients), 2, protection, clock, random);
            long h0 = System.nanoTime();
            List<String> owners = histories(service, keys);
            double historySeconds = (System.nanoTime() - h0) / 1e9;
            KeyPair device = new KeyPairFactory(random).generate(transport);
            out.printf(Locale.ROOT, "Set-up (not timed): 2 vault processes started in %.1f s; %d keys (%d addresses x %d) created "
                    + "and split in %.1f s.%n", vaultSeconds, owners.size() * HISTORY, owners.size(), HISTORY, historySeconds);
            out.println();
            out.println("| run | key spec | concurrency | releases | seconds | releases/s | p50 ms | p99 ms | max ms |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            out.flush();
            ReleasePackage packages = new ReleasePackage(random);
            if (warmup > 0) {
                run(service, owners, device, packages, warmup, concurrency);
            }
            long kmsCpu0 = processCpuNanos();
            long vaultCpu0 = vaultCpuNanos(processes);
            Result r = run(service, owners, device, packages, releases, concurrency);
            long kmsCpu = processCpuNanos() - kmsCpu0;
            long vaultCpu = vaultCpuNanos(processes) - vaultCpu0;
            out.println(r.row("release, 2-of-2 vault processes", keys, concurrency));
            out.println();
            if (kmsCpu0 >= 0 && vaultCpu0 >= 0) {
                double wallCpu = r.wallNanos() / 1e9 * Runtime.getRuntime().availableProcessors();
                out.printf(Locale.ROOT, "CPU during the measured run: key service JVM %.1f s (%.2f ms per release), both vault "
                                + "processes %.1f s (%.2f ms per release); %.0f %% of the %d cores' %.1f s.%n", kmsCpu / 1e9,
                        kmsCpu / 1e6 / r.n(), vaultCpu / 1e9, vaultCpu / 1e6 / r.n(), 100 * (kmsCpu + vaultCpu) / 1e9 / wallCpu,
                        Runtime.getRuntime().availableProcessors(), wallCpu);
            }
            boolean ok = r.failed == 0 && r.badEnvelopes == 0 && r.checked > 0;
            out.printf(Locale.ROOT, "check: %d failed releases of %d; %d of %d sampled envelopes opened with %d keys%s%n", r.failed,
                    r.n, r.checked - r.badEnvelopes, r.checked, HISTORY, ok ? "" : " — FAILURES");
            r.firstError.ifPresent(e -> out.println("first failure: " + e));
            out.printf(Locale.ROOT, "key release at concurrency %d: p50 %.2f ms, p99 %.2f ms, %.0f releases/s%n", concurrency, r.p50(),
                    r.p99(), r.perSecond());
            if (concurrency == TARGET_CONCURRENCY) {
                out.printf(Locale.ROOT, "targets (issue 4, at concurrency %d): p99 <= 50 ms %s (%.2f ms); >= 200 releases/s %s (%.0f/s)%n",
                        TARGET_CONCURRENCY, r.p99() <= 50 ? "met" : "NOT met", r.p99(), r.perSecond() >= 200 ? "met" : "NOT met",
                        r.perSecond());
            } else {
                out.printf(Locale.ROOT, "targets (issue 4): not checked, they are stated at concurrency %d and this run used %d%n",
                        TARGET_CONCURRENCY, concurrency);
            }
            out.flush();
            ok &= auditAlone(out, audit);
            if (phaseSamples > 0) {
                phases(out, db, service, clients, owners, device, packages, keys);
            }
            return ok;
        }
    }

    /** This JVM's CPU time in nanoseconds, or -1 when unknown. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The vault processes' CPU time in nanoseconds, or -1 when unknown. */
    private static long vaultCpuNanos(List<Process> processes) {
        long sum = 0;
        for (Process p : processes) {
            Optional<Duration> cpu = p.info().totalCpuDuration();
            if (cpu.isEmpty()) {
                return -1;
            }
            sum += cpu.get().toNanos();
        }
        return sum;
    }

    /** Starts {@code sealpost vault --data DIR --port 0} as a separate JVM and reads its URL from its output. */
    private static URI startVault(Path data, Path log, List<Process> processes) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.sealpost.cli.Main",
                "vault", "--data", data.toString(), "--port", "0");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        processes.add(p);
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    w.println(line);
                    Matcher m = LISTENING.matcher(line);
                    if (!url.isDone() && m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
                url.completeExceptionally(new IOException("the vault process ended without listening (exit "
                        + p.waitFor() + "); see " + log));
            } catch (Exception e) {
                url.completeExceptionally(e);
            }
        }, "vault-output-" + data.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String tail = Files.exists(log) ? Files.readString(log) : "";
            throw new IllegalStateException("vault " + data + " did not start: " + e.getCause().getMessage() + "\n" + tail, e);
        }
    }

    /** N addresses, each created then rotated twice, on as many threads as cores (key generation dominates). */
    private List<String> histories(KeyService service, KeySpec keys) throws Exception {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            owners.add("user" + i + "@bench.example");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String owner : owners) {
                done.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    ids.add(service.create(owner, keys, KeyStatus.ACTIVE).keyId());
                    for (int r = 1; r < HISTORY; r++) {
                        ids.add(service.rotate(owner, keys).keyId());
                    }
                    sampleKeyIds.compareAndSet(null, ids);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return owners;
    }

    /** {@code n} releases on {@code threads} threads, addresses in turn; every {@code checkEvery}-th envelope opened. */
    private Result run(KeyService service, List<String> owners, KeyPair device, ReleasePackage packages, int n, int threads)
            throws Exception {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        Timed timed = timed(n, threads, i -> {
            String owner = owners.get(i % owners.size());
            long t0 = System.nanoTime();
            byte[] envelope;
            try {
                envelope = service.release(owner, device.getPublic(), Optional.empty(), ACTOR);
            } catch (RuntimeException e) {
                long took = System.nanoTime() - t0;
                failed.incrementAndGet();
                errors.add(owner + ": " + e);
                return took;
            }
            long took = System.nanoTime() - t0;
            sink.addAndGet(envelope.length);
            if (i % checkEvery == 0) {
                checked.incrementAndGet();
                try {
                    List<ReleasedKey> opened = packages.open(envelope, device.getPrivate(), device.getPublic());
                    if (opened.size() != HISTORY) {
                        bad.incrementAndGet();
                        errors.add(owner + ": envelope holds " + opened.size() + " keys, not " + HISTORY);
                    }
                } catch (RuntimeException e) {
                    bad.incrementAndGet();
                    errors.add(owner + ": envelope does not open: " + e);
                }
            }
            return took;
        });
        return new Result(n, timed.wallNanos(), timed.latencies(), failed.get(), checked.get(), bad.get(),
                errors.isEmpty() ? Optional.empty() : Optional.of(errors.getFirst()));
    }

    /**
     * Audit appends alone, as many as measured releases at the same concurrency, into the key
     * service's audit log (group commit): the one step every release passes through in turn.
     * Then the whole chain is verified.
     */
    private boolean auditAlone(PrintWriter out, AuditLog audit) throws Exception {
        Timed timed = timed(releases, concurrency, i -> {
            long t0 = System.nanoTime();
            audit.append(new AuditEvent(ACTOR, "bench.audit", "user" + i + "@bench.example", "keys=3 transport=bench"));
            return System.nanoTime() - t0;
        });
        long[] s = timed.latencies().clone();
        Arrays.sort(s);
        out.printf(Locale.ROOT, "audit append alone at concurrency %d (AuditLog.append, the key service's H2): %.0f appends/s, p50 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n", concurrency, releases / (timed.wallNanos() / 1e9), Stats.percentile(s, 0.5),
                Stats.percentile(s, 0.99), s[s.length - 1] / 1e6);
        AuditVerification chain = audit.verify();
        out.println("audit chain after the runs: " + (chain instanceof AuditVerification.Intact i ? "intact, " + i.records() + " records"
                : "BROKEN: " + chain));
        out.flush();
        return chain.intact();
    }

    /**
     * Calls {@code call} once for each index 0..n-1, on {@code threads} threads started together,
     * indexes handed out in turn; each call returns the nanoseconds of its timed part.
     */
    private static Timed timed(int n, int threads, TimedCall call) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        latencies[i] = call.nanos(i);
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<Void> w : workers) {
                w.get();
            }
            return new Timed(latencies, System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    @FunctionalInterface
    private interface TimedCall {
        long nanos(int index) throws Exception;
    }

    private record Timed(long[] latencies, long wallNanos) {
    }

    private record Result(int n, long wallNanos, long[] latencies, int failed, int checked, int badEnvelopes,
                          Optional<String> firstError) {
        long[] sorted() {
            long[] s = latencies.clone();
            Arrays.sort(s);
            return s;
        }

        double perSecond() {
            return n / (wallNanos / 1e9);
        }

        double p50() {
            return Stats.percentile(sorted(), 0.5);
        }

        double p99() {
            return Stats.percentile(sorted(), 0.99);
        }

        String row(String run, KeySpec spec, int threads) {
            long[] s = sorted();
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.0f | %.2f | %.2f | %.2f |", run, spec.settingName(),
                    threads, n, wallNanos / 1e9, perSecond(), Stats.percentile(s, 0.5), Stats.percentile(s, 0.99),
                    s[s.length - 1] / 1e6);
        }
    }

    /**
     * Single-thread breakdown of one release: the whole, then parts of it timed on their own (a
     * vault GET over loopback, the wrap of 3 keys to the transport key); they need not add up.
     */
    private void phases(PrintWriter out, Database db, KeyService service, List<HttpVaultClient> clients, List<String> owners, KeyPair device,
                        ReleasePackage packages, KeySpec keys) throws Exception {
        KeyPairFactory factory = new KeyPairFactory(random);
        List<ReleasedKey> three = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            three.add(new ReleasedKey("bench-" + i, factory.generate(keys).getPrivate()));
        }
        String owner = owners.getFirst();
        byte[] envelope = service.release(owner, device.getPublic(), Optional.empty(), ACTOR);
        HttpVaultClient vault = clients.getFirst();
        List<String> keyIds = sampleKeyIds.get();
        KeyPair one = factory.generate(keys);
        KeySplitter splitter = new KeySplitter(2, 2, random);
        List<Share> shares = splitter.split(one.getPrivate());
        KeyMaterialCheck check = new KeyMaterialCheck(random);
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        AtomicInteger rr = new AtomicInteger();
        List<Phase> list = List.of(
                new Phase("KeyService.release, whole (3 keys: DB read, 2 vault batch reads in parallel, 3 rebuilds + checks, wrap, audit)",
                        () -> sink.addAndGet(service.release(owners.get(rr.getAndIncrement() % owners.size()), device.getPublic(),
                                Optional.empty(), ACTOR).length)),
                new Phase("  part: one batch read of the 3 keys' shares from one vault over loopback (HttpVaultClient.getAll)",
                        () -> {
                            ShareBatch batch = vault.getAll(keyIds);
                            sink.addAndGet(batch.shares().size());
                            batch.wipe();
                        }),
                new Phase("  part: vault health over loopback (no database)", () -> sink.addAndGet(vault.health().length())),
                new Phase("  part, x3 per release: KeySplitter.combine of 2 shares (Shamir + PKCS#8 parse)",
                        () -> sink.addAndGet(splitter.combine(shares, keys.algorithm()).getEncoded().length)),
                new Phase("  part, x3 per release: KeyMaterialCheck.matches (" + keys.settingName() + " consistency check)",
                        () -> sink.addAndGet(check.matches(one.getPublic(), one.getPrivate()) ? 1 : 0)),
                new Phase("  part: AuditLog.append (one audit record, chain head locked)",
                        () -> sink.addAndGet(audit.append(new AuditEvent(ACTOR, "bench.phase", "bench", "phase")).seq())),
                new Phase("  part: ReleasePackage.wrap of 3 keys (" + keys.settingName() + ")",
                        () -> sink.addAndGet(packages.wrap(three, device.getPublic()).length)),
                new Phase("  device side: ReleasePackage.open (not part of a release)",
                        () -> sink.addAndGet(packages.open(envelope, device.getPrivate(), device.getPublic()).size())));
        List<String> rows = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Phase p : list) {
                long[] samples = new long[phaseSamples];
                for (int i = 0; i < phaseSamples; i++) {
                    long t0 = System.nanoTime();
                    p.work().run();
                    samples[i] = System.nanoTime() - t0;
                }
                if (round == 1) {
                    rows.add(Stats.of(samples).row(p.name()));
                }
            }
        }
        out.println();
        out.println("Where the time goes, one thread, " + phaseSamples + " samples each:");
        out.println();
        out.println("| phase | median ms | p90 ms | min ms | samples |");
        out.println("|---|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
    }

    private record Phase(String name, Work work) {
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Pool: sustained refill keys/s with the default threads; a burst of take() from a pool warmed to its target. */
    private void pool(PrintWriter out, KeySpec keys) throws Exception {
        int threads = KeyPoolSettings.defaults().threads();
        out.println();
        out.println("| pool (" + threads + " refill thread" + (threads == 1 ? "" : "s") + ", default) | key spec | result |");
        out.println("|---|---|---|");
        out.flush();
        if (poolSeconds > 0) {
            try (KeyPool pool = new KeyPool(new KeyPairFactory(random),
                    new KeyPoolSettings(Map.of(keys, KeyPoolSettings.MAX_TARGET), threads))) {
                long t0 = System.nanoTime();
                Thread.sleep(poolSeconds * 1000L);
                long made = pool.metrics().generated();
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "| sustained refill | %s | %d keys in %.1f s = %.1f keys/s |%n", keys.settingName(), made,
                        seconds, made / seconds);
                out.flush();
            }
        }
        if (poolBurst > 0) {
            try (KeyPool pool = new KeyPool(new KeyPairFactory(random), new KeyPoolSettings(Map.of(keys, poolTarget), threads))) {
                long w0 = System.nanoTime();
                while (pool.metrics().size(keys) < poolTarget) {
                    Thread.sleep(20);
                }
                double warmSeconds = (System.nanoTime() - w0) / 1e9;
                KeyPool.Metrics before = pool.metrics();
                long[] each = new long[poolBurst];
                long t0 = System.nanoTime();
                for (int i = 0; i < poolBurst; i++) {
                    long s = System.nanoTime();
                    sink.addAndGet(pool.take(keys).getPublic().getEncoded().length);
                    each[i] = System.nanoTime() - s;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                KeyPool.Metrics after = pool.metrics();
                long[] sorted = each.clone();
                Arrays.sort(sorted);
                out.printf(Locale.ROOT, "| burst of %d take() from a pool warmed to %d (warmed in %.1f s) | %s | %.2f s = %.0f keys/s; "
                                + "%d hits, %d misses (generated on the caller); take p50 %.2f ms, p99 %.2f ms |%n", poolBurst,
                        poolTarget, warmSeconds, keys.settingName(), seconds, poolBurst / seconds, after.hits() - before.hits(),
                        after.misses() - before.misses(), Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99));
                out.flush();
            }
        }
    }

    /** Deletes a temporary directory tree, best effort (shared by the benchmarks that make one). */
    static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
