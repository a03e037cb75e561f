package org.sealpost.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.issue.CertificateSigning;
import org.sealpost.ca.issue.Csr;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.IssuedCertificate;
import org.sealpost.ca.keys.CaSigner;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.lint.LintTarget;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CertificateProfile;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.profile.PolicyOids;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.service.IssuanceService;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.setup.CaInitializer;
import org.sealpost.ca.setup.CaSetup;
import org.sealpost.ca.setup.InitResult;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Certificate issuance throughput, end to end: a PKCS#10 request in (parsed, proof of possession
 * checked), a certificate out that has been linted, signed, stored and audited in one transaction,
 * as the server's issuance endpoint does it. Each issuing key type gets a fresh CA in a temporary
 * directory and a fresh database (the embedded H2 file there, or a new PostgreSQL schema that is
 * dropped afterwards). The CSRs (P-256 keys) are made before the clock starts: key generation is
 * the client's cost. After every measured run the number of stored certificates must have grown
 * by exactly the number issued, and at the end the audit chain must verify. Beside it, in the same
 * run, an {@code openssl x509 -req} loop signs with the same CA key. Prints Markdown for
 * docs/BENCHMARKS.md.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = {"Benchmark certificate issuance end to end (CSR in; lint, sign, store and audit; certificate out) "
                + "against an openssl x509 -req loop.",
                "Creates a throwaway CA per key type in a temporary directory; with --db-url a PostgreSQL schema "
                        + "bench_<random> is created for it and dropped after."})
final class CaBench implements Callable<Integer> {
    private static final String PROFILE = Profiles.SIGNING_V1;
    private static final String ACTOR = "bench";

    @Spec
    CommandSpec spec;

    @Option(names = "--algorithm", paramLabel = "ec|rsa", split = ",",
            description = "Issuing key: ec = P-384, rsa = RSA-3072 (comma-separated or repeated; default: ec,rsa).")
    List<String> algorithms;

    @Option(names = "--count", defaultValue = "2000", description = "Certificates per measured run (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--threads", paramLabel = "T", description = "Issuing threads (default: available processors); a 1-thread run is always measured too.")
    Integer threads;

    @Option(names = "--warmup", defaultValue = "1000", description = "Warm-up issuances per key type before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--phases", defaultValue = "200",
            description = "Samples of the single-thread per-phase breakdown; 0 skips (default ${DEFAULT-VALUE}).")
    int phaseSamples;

    @Option(names = "--openssl-count", defaultValue = "200",
            description = "openssl x509 -req runs (one process per certificate); 0 skips (default ${DEFAULT-VALUE}).")
    int opensslCount;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "jdbc:postgresql://HOST[:PORT]/DB: run on PostgreSQL in a new schema bench_<random>, dropped after "
                    + "(default: embedded H2 under the temporary directory).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:SEALPOST_DB_USER}",
            description = "Database user for --db-url (default: $SEALPOST_DB_USER); the password is read from $"
                    + DatabaseOptions.DEFAULT_PASSWORD_ENV + " when set.")
    String dbUser;

    private final SecureRandom random = new SecureRandom();
    /** Keeps the encoded certificates observable, so that no work can be optimized away. */
    private final AtomicLong sink = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 1 || warmup < 0 || phaseSamples < 0 || opensslCount < 0) {
            throw new CliException(ExitCodes.USAGE, "--count must be at least 1; --warmup, --phases and --openssl-count not negative");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = threads == null ? cores : threads;
        if (parallel < 1) {
            throw new CliException(ExitCodes.USAGE, "--threads must be at least 1");
        }
        List<Integer> threadCounts = List.copyOf(new LinkedHashSet<>(List.of(1, parallel)));
        List<CaAlgorithm> keyTypes = new ArrayList<>();
        for (String a : algorithms == null ? List.of("ec", "rsa") : algorithms) {
            CaAlgorithm alg = CaAlgorithm.parse(a.strip());
            if (!keyTypes.contains(alg)) {
                keyTypes.add(alg);
            }
        }
        boolean postgres = dbUrl != null && !dbUrl.isBlank();
        if (postgres && (!dbUrl.startsWith("jdbc:postgresql:") || dbUrl.toLowerCase(Locale.ROOT).contains("currentschema="))) {
            throw new CliException(ExitCodes.USAGE, "--db-url must be a jdbc:postgresql: URL without currentSchema "
                    + "(the benchmark creates and drops its own schema)");
        }

        long g0 = System.nanoTime();
        List<byte[]> csrs = csrs(count);
        double csrSeconds = (System.nanoTime() - g0) / 1e9;
        out.printf("Sealpost CA issuance benchmark: %d certificates per run (profile %s, P-256 CSRs with one SAN mailbox), "
                + "%d warm-up issuances per key type, %d available processors, %s %s%n", count, PROFILE, warmup, cores,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        out.printf("%d CSRs generated and signed in %.1f s before timing (the client's cost, not measured).%n", count, csrSeconds);
        out.println("Sealpost rows: Csr.parse (PoP check) -> IssuanceRequest.fromCsr -> IssuanceService.issue "
                + "(lint, sign, store, audit in one transaction) -> getEncoded, per certificate.");
        out.println();
        out.println("| run | issuing key | threads | certificates | seconds | certs/s | median ms | p99 ms |");
        out.println("|---|---|---|---|---|---|---|---|");
        out.flush();
        List<String> checks = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        boolean allGood = true;
        for (CaAlgorithm alg : keyTypes) {
            allGood &= benchmark(out, alg, threadCounts, csrs, postgres, checks, phases);
        }
        out.println();
        for (String c : checks) {
            out.println(c);
        }
        if (!phases.isEmpty()) {
            out.println();
            out.println("Where the time goes, one thread, medians of " + phaseSamples + " samples:");
            out.println();
            out.println("| issuing key | phase | median ms | p90 ms | min ms | samples |");
            out.println("|---|---|---|---|---|---|");
            phases.forEach(out::println);
        }
        out.flush();
        return allGood ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One key type: fresh CA and database, warm-up, measured runs, checks, phases, openssl loop. */
    private boolean benchmark(PrintWriter out, CaAlgorithm alg, List<Integer> threadCounts, List<byte[]> csrs, boolean postgres,
                              List<String> checks, List<String> phases) throws Exception {
        String key = alg == CaAlgorithm.EC ? "P-384" : "RSA-3072";
        Path dir = Files.createTempDirectory("sealpost-bench-ca");
        String schema = postgres ? "bench_" + HexFormat.of().formatHex(bytes(6)) : null;
        Clock clock = Clock.systemUTC();
        try {
            CaPolicy policy = CaPolicy.defaults();
            InitResult init = new CaInitializer(random, clock).initialize(dir,
                    CaSetup.defaults(new CaUrls("http://localhost:8080")).withAlgorithm(alg).withPolicy(policy), null);
            LoadedCa ca = init.ca();
            int pool = threadCounts.stream().mapToInt(Integer::intValue).max().orElse(1) + 1;
            DatabaseConfig config;
            if (postgres) {
                createSchema(schema);
                config = new DatabaseConfig(dbUrl + (dbUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, user(),
                        password(), pool);
            } else {
                DatabaseConfig embedded = DatabaseConfig.embedded(dir);
                config = embedded.withMaxPoolSize(pool);
            }
            boolean good = true;
            try (Database db = Database.open(config)) {
                String database = describe(db, postgres);
                CaServices services = CaServices.open(ca, db, new AuditLog(db, clock), policy, random, clock);
                IssuanceService issuance = services.issuance();
                if (warmup > 0) {
                    run(issuance, csrs, warmup, threadCounts.get(threadCounts.size() - 1));
                }
                AuditLog auditLog = new AuditLog(db, clock);
                for (int t : threadCounts) {
                    long before = services.records().count();
                    long auditBefore = lastAuditSeq(auditLog);
                    Result r = run(issuance, csrs, count, t);
                    long stored = services.records().count() - before;
                    long audited = lastAuditSeq(auditLog) - auditBefore;
                    out.println(r.row("Sealpost, " + database, key, t));
                    out.flush();
                    boolean ok = stored == count && audited == count;
                    good &= ok;
                    checks.add(String.format("check (%s, %s, %d thread%s): %d of %d certificates stored, %d audit records appended%s",
                            database, key, t, t == 1 ? "" : "s", stored, count, audited, ok ? "" : " — MISMATCH"));
                }
                if (phaseSamples > 0) {
                    phases.addAll(phases(ca, issuance, csrs, key, policy, clock));
                }
                AuditVerification audit = auditLog.verify();
                good &= audit.intact();
                checks.add(switch (audit) {
                    case AuditVerification.Intact i -> String.format("check (%s, %s): audit chain intact (%d records)", database,
                            key, i.records());
                    case AuditVerification.Broken b -> String.format("check (%s, %s): audit chain BROKEN at record %d: %s",
                            database, key, b.seq(), b.reason());
                });
            }
            if (opensslCount > 0) {
                opensslLoop(out, dir.resolve("openssl"), alg, key, ca, csrs);
            }
            return good;
        } finally {
            if (schema != null) {
                dropSchema(schema);
            }
            delete(dir);
        }
    }

    /** Issues {@code n} certificates on {@code threads} threads, CSR bytes in, DER out; times each one and the whole. */
    private Result run(IssuanceService issuance, List<byte[]> csrs, int n, int threads) throws Exception {
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
                        long t0 = System.nanoTime();
                        sink.addAndGet(issueOne(issuance, csrs.get(i % csrs.size())).length);
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<Void> w : workers) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    next.set(n); // stop the other workers
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
            return new Result(n, System.nanoTime() - t0, latencies);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** The server's issuance path for a CSR: parse and PoP check, request, lint/sign/store/audit, DER. */
    private static byte[] issueOne(IssuanceService issuance, byte[] csrDer) throws Exception {
        Csr csr = Csr.parse(csrDer);
        IssuanceRequest request = IssuanceRequest.fromCsr(csr, PROFILE);
        IssuedCertificate issued = issuance.issue(request, ACTOR);
        return issued.certificate().getEncoded();
    }

    private static long lastAuditSeq(AuditLog audit) {
        return audit.tail(1).stream().mapToLong(AuditRecord::seq).findFirst().orElse(0);
    }

    /** A measured run. */
    private record Result(int n, long wallNanos, long[] latencies) {
        String row(String run, String key, int threads) {
            long[] sorted = latencies.clone();
            java.util.Arrays.sort(sorted);
            double seconds = wallNanos / 1e9;
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.0f | %.2f | %.2f |", run, key, threads, n, seconds,
                    n / seconds, Stats.percentile(sorted, 0.5), Stats.percentile(sorted, 0.99));
        }
    }

    /**
     * Single-thread breakdown: the same steps the issuance path takes, timed one by one (each on its
     * own, so the parts need not add up exactly to the whole).
     */
    private List<String> phases(LoadedCa ca, IssuanceService issuance, List<byte[]> csrs, String key, CaPolicy policy,
                                Clock clock) throws Exception {
        CertificateAuthority authority = ca.issuingAuthority(policy, random, clock);
        CaSigner signer = ca.issuingSigner();
        String algorithm = CaSigner.signatureAlgorithm(ca.issuing().getPublicKey());
        byte[] sample = csrs.getFirst();
        IssuanceRequest request = IssuanceRequest.fromCsr(Csr.parse(sample), PROFILE);
        X509Certificate sampleCert = authority.issue(request).certificate();
        byte[] tbs = sampleCert.getTBSCertificate();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(new X509CertificateHolder(sampleCert.getEncoded()));
        TBSCertificate tbsStructure = CertificateSigning.toBeSigned(builder, algorithm);
        CertificateProfile profile = Profiles.standard().get(PROFILE);
        LintTarget lintTarget = new LintTarget(tbsStructure, profile, policy.lifetime(profile), policy.cabfStrict());
        CertificateLinter linter = CertificateLinter.standard();
        X509CertificateHolder certHolder = new X509CertificateHolder(sampleCert.getEncoded());
        PKCS10CertificationRequest csrHolder = new PKCS10CertificationRequest(sample);
        PublicKey csrKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                csrHolder.getSubjectPublicKeyInfo().getEncoded()));
        PublicKey caPublicKey = ca.issuing().getPublicKey();
        byte[] signature = sign(algorithm, signer, tbs);
        Provider bc = CryptoProviders.bouncyCastle();
        List<String> rows = new ArrayList<>();
        byte[] csrInfo = csrHolder.toASN1Structure().getCertificationRequestInfo().getEncoded();
        byte[] csrSignature = csrHolder.getSignature();
        String via = " (JcaContentVerifierProviderBuilder)";
        List<Phase> list = List.of(
                new Phase("Csr.parse: decode + PoP check (P-256 verify)", () -> Csr.parse(sample)),
                new Phase("  of which: the PoP check as Csr.parse makes it" + via, () -> require(
                        csrHolder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csrHolder.getSubjectPublicKeyInfo())))),
                new Phase("  alternative: one JDK Signature.verify", () -> require(
                        verify("SHA256withECDSA", null, csrKey, csrInfo, csrSignature))),
                new Phase("  alternative: one Bouncy Castle Signature.verify", () -> require(
                        verify("SHA256withECDSA", bc, csrKey, csrInfo, csrSignature))),
                new Phase("CertificateAuthority.issue: build, lint, sign, re-check", () -> authority.issue(request)),
                new Phase("  of which: CertificateSigning.toBeSigned (the TBS to lint)",
                        () -> CertificateSigning.toBeSigned(builder, algorithm)),
                new Phase("  of which: lint (CertificateLinter.standard())", () -> linter.require(lintTarget)),
                new Phase("  of which: CertificateSigning.sign (sign, compare TBS, re-check, convert)",
                        () -> CertificateSigning.sign(builder, tbsStructure, signer, algorithm, caPublicKey)),
                new Phase("    of which: one " + algorithm + " signature (JDK)", () -> sign(algorithm, signer, tbs)),
                new Phase("    of which: the re-check as CertificateSigning makes it" + via, () -> require(
                        certHolder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(caPublicKey)))),
                new Phase("    alternative: one JDK Signature.verify", () -> require(
                        verify(algorithm, null, caPublicKey, tbs, signature))),
                new Phase("    alternative: one Bouncy Castle Signature.verify", () -> require(
                        verify(algorithm, bc, caPublicKey, tbs, signature))),
                new Phase("IssuanceService.issue: the above + store + audit (1 transaction)", () -> issuance.issue(request, ACTOR)),
                new Phase("end to end (Csr.parse .. getEncoded)", () -> issueOne(issuance, sample)));
        for (int round = 0; round < 2; round++) { // round 0 warms each phase up on its own
            for (Phase p : list) {
                long[] samples = new long[phaseSamples];
                for (int i = 0; i < phaseSamples; i++) {
                    long t0 = System.nanoTime();
                    p.work().run();
                    samples[i] = System.nanoTime() - t0;
                }
                if (round == 1) {
                    rows.add(Stats.of(samples).row(key + " | " + p.name()));
                }
            }
        }
        return rows;
    }

    private interface Work {
        void run() throws Exception;
    }

    private record Phase(String name, Work work) {
    }

    private static boolean verify(String algorithm, Provider provider, PublicKey key, byte[] data, byte[] signature)
            throws Exception {
        Signature v = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        v.initVerify(key);
        v.update(data);
        return v.verify(signature);
    }

    private static void require(boolean valid) {
        if (!valid) {
            throw new IllegalStateException("a benchmark signature does not verify");
        }
    }

    private static byte[] sign(String algorithm, CaSigner signer, byte[] data) throws Exception {
        Signature s = signer.provider().isPresent() ? Signature.getInstance(algorithm, signer.provider().get())
                : Signature.getInstance(algorithm);
        s.initSign(signer.key());
        s.update(data);
        return s.sign();
    }

    /**
     * The same issuance by {@code openssl x509 -req}, one process per certificate (the usual way a
     * script drives OpenSSL as a CA): reads the CSR and checks its signature, signs with the CA key,
     * writes the certificate. No database, no audit, no lint. Also times process start alone.
     */
    private void opensslLoop(PrintWriter out, Path dir, CaAlgorithm alg, String key, LoadedCa ca, List<byte[]> csrs)
            throws Exception {
        String label = "openssl x509 -req, 1 process per certificate, files only";
        String version;
        try {
            version = capture(List.of("openssl", "version")).strip();
        } catch (IOException e) {
            out.printf("| %s | %s | — | — | — | skipped: openssl not found (%s) | — | — |%n", label, key, e.getMessage());
            out.flush();
            return;
        }
        Files.createDirectories(dir);
        Path caKey = dir.resolve("issuing.key");
        Path caCert = dir.resolve("issuing.pem");
        try {
            Files.createFile(caKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(caKey, EphemeralPki.pem(ca.issuingSigner().key()), StandardCharsets.US_ASCII);
            Files.writeString(caCert, EphemeralPki.pem(ca.issuing()), StandardCharsets.US_ASCII);
            CaUrls urls = new CaUrls(ca.properties().baseUrl());
            // The extensions Sealpost's signing-v1 profile writes; the SAN is copied from the CSR.
            Files.writeString(dir.resolve("ext.cnf"), String.join("\n",
                    "[v3]",
                    "keyUsage = critical, digitalSignature, nonRepudiation",
                    "extendedKeyUsage = emailProtection",
                    "certificatePolicies = " + PolicyOids.SBR_MAILBOX_STRICT,
                    "authorityKeyIdentifier = keyid",
                    "subjectKeyIdentifier = hash",
                    "crlDistributionPoints = URI:" + urls.crl(LoadedCa.ISSUING),
                    "authorityInfoAccess = OCSP;URI:" + urls.ocsp() + ", caIssuers;URI:" + urls.caIssuers(LoadedCa.ISSUING),
                    ""), StandardCharsets.US_ASCII);
            int files = Math.min(20, csrs.size());
            for (int i = 0; i < files; i++) {
                Files.writeString(dir.resolve("csr" + i + ".pem"), "-----BEGIN CERTIFICATE REQUEST-----\n"
                        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(csrs.get(i))
                        + "\n-----END CERTIFICATE REQUEST-----\n", StandardCharsets.US_ASCII);
            }
            String digest = alg == CaAlgorithm.EC ? "-sha384" : "-sha256";
            Path cert = dir.resolve("cert.pem");
            try {
                run(x509Req(dir, 0, caCert, caKey, digest, cert));
            } catch (IllegalStateException e) {
                out.printf("| %s | %s | — | — | — | skipped: openssl x509 -req failed (needs OpenSSL 3 for -copy_extensions) | — | — |%n",
                        label, key);
                out.flush();
                return;
            }
            long[] samples = new long[opensslCount];
            long w0 = System.nanoTime();
            for (int i = 0; i < opensslCount; i++) {
                List<String> command = x509Req(dir, i % files, caCert, caKey, digest, cert);
                long t0 = System.nanoTime();
                run(command);
                samples[i] = System.nanoTime() - t0;
            }
            long wall = System.nanoTime() - w0;
            if (!Files.readString(cert).contains("BEGIN CERTIFICATE")) {
                throw new IllegalStateException("openssl x509 -req wrote no certificate");
            }
            out.println(new Result(opensslCount, wall, samples).row(label, key, 1));
            long[] startup = new long[opensslCount];
            w0 = System.nanoTime();
            for (int i = 0; i < opensslCount; i++) {
                long t0 = System.nanoTime();
                run(List.of("openssl", "version"));
                startup[i] = System.nanoTime() - t0;
            }
            out.println(new Result(opensslCount, System.nanoTime() - w0, startup)
                    .row("`openssl version` alone (process start; " + version.split(" \\(")[0] + ")", "—", 1));
            out.flush();
        } finally {
            Files.deleteIfExists(caKey);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private List<String> x509Req(Path dir, int csr, Path caCert, Path caKey, String digest, Path cert) {
        return List.of("openssl", "x509", "-req", "-in", dir.resolve("csr" + csr + ".pem").toString(),
                "-CA", caCert.toString(), "-CAkey", caKey.toString(), "-days", "365", digest,
                "-set_serial", "0x" + HexFormat.of().formatHex(serial()), "-extfile", dir.resolve("ext.cnf").toString(),
                "-extensions", "v3", "-copy_extensions", "copy", "-out", cert.toString());
    }

    private byte[] serial() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] = (byte) ((b[0] & 0x7f) | 0x40);
        return b;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static String capture(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** {@code count} DER PKCS#10 requests: fresh P-256 keys, SAN user<i>@example.org, signed with SHA-256. */
    private List<byte[]> csrs(int n) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            KeyPair kp = g.generateKeyPair();
            String email = "user" + i + "@example.org";
            PKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + email),
                    kp.getPublic());
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            out.add(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded());
        }
        return out;
    }

    private String user() {
        return dbUser == null || dbUser.isBlank() ? null : dbUser;
    }

    private static char[] password() {
        String p = System.getenv(DatabaseOptions.DEFAULT_PASSWORD_ENV);
        return p == null ? null : p.toCharArray();
    }

    private Connection admin() throws Exception {
        Properties props = new Properties();
        if (user() != null) {
            props.setProperty("user", user());
        }
        char[] password = password();
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        return DriverManager.getConnection(dbUrl, props);
    }

    private void createSchema(String schema) throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    private void dropSchema(String schema) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            spec.commandLine().getErr().println("sealpost: warning: could not drop schema " + schema + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
        }
    }

    /** "H2 2.3.232" or "PostgreSQL 15.20", as the driver reports it. */
    private static String describe(Database db, boolean postgres) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            String version = c.getMetaData().getDatabaseProductVersion().split(" ")[0];
            return postgres ? "PostgreSQL " + version : "H2 " + version + " (embedded file)";
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
