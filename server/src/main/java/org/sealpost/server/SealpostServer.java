package org.sealpost.server;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sealpost.ca.CaException;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.CaHierarchy;
import org.sealpost.ca.setup.CaInitializer;
import org.sealpost.ca.setup.CaLayout;
import org.sealpost.ca.setup.CaSetup;
import org.sealpost.ca.setup.InitResult;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.directory.Directory;
import org.sealpost.kms.KeyService;
import org.sealpost.server.apikey.ApiKeys;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.auth.DeviceAuthPolicy;
import org.sealpost.server.auth.DeviceAuthenticator;
import org.sealpost.server.enroll.Devices;
import org.sealpost.server.enroll.Enrollment;
import org.sealpost.server.directory.DirectoryHost;
import org.sealpost.server.directory.DirectoryRoutes;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.server.health.HealthRoutes;
import org.sealpost.server.http.HttpServer;
import org.sealpost.server.identity.IdentityRoutes;
import org.sealpost.server.keys.KeyServiceHost;
import org.sealpost.server.keys.KeyTopology;
import org.sealpost.server.keys.api.EncryptionCertificateHistory;
import org.sealpost.server.keys.api.KeyRoutes;
import org.sealpost.server.metrics.MetricsRoutes;
import org.sealpost.server.metrics.ServiceMetrics;
import org.sealpost.server.openapi.OpenApiRoutes;
import org.sealpost.server.pki.CaPkiEndpoints;
import org.sealpost.server.pki.PkiRoutes;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.tsa.TimeStampAuthority;
import org.sealpost.tsa.TsaPolicy;
import org.sealpost.tsa.TsaSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sealpost server process: opens the database, loads the CA (creating it on first start),
 * opens the key service with its vaults, and serves the PKI endpoints, health, device enrollment
 * with the device registry, and the devices' key endpoints. Closing it stops HTTP first (no request
 * may find a closed component), then the scheduled tasks, the key pool, the vaults, and the database last.
 */
public final class SealpostServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SealpostServer.class);
    /**
     * How long closing waits for a running scheduled task before interrupting it: enough for a CRL or
     * an embedded vault's work, and within the 10 s a SIGTERM gives the whole close.
     */
    private static final long SCHEDULER_STOP_SECONDS = 5;

    private final Database db;
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final CaServices ca;
    private final KeyServiceHost keys;
    private final Enrollment enrollment;
    private final ServiceMetrics metrics;
    private final DirectoryHost directory;
    private final List<String> notices;

    private SealpostServer(Database db, HttpServer http, ScheduledExecutorService scheduler, CaServices ca,
            KeyServiceHost keys, Enrollment enrollment, ServiceMetrics metrics, DirectoryHost directory,
            List<String> notices) {
        this.db = db;
        this.http = http;
        this.scheduler = scheduler;
        this.ca = ca;
        this.keys = keys;
        this.enrollment = enrollment;
        this.metrics = metrics;
        this.directory = directory;
        this.notices = List.copyOf(notices);
    }

    /**
     * Starts a server: the database, the CA (created on first start), the TSA, the key service with
     * its vaults and key pool, enrollment, then HTTP and the scheduled CRL refresh, key clean-up and
     * purges of old challenges and used device tokens.
     *
     * @throws CaException when the CA cannot be created or its keys cannot be opened
     * @throws IllegalArgumentException when a vault's token file cannot be used
     * @throws org.sealpost.vault.VaultException when an embedded vault cannot be opened
     */
    public static SealpostServer start(ServerSettings settings) throws CaException {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        List<String> notices = new ArrayList<>();
        int port = settings.port() == 0 ? FreePort.find(settings.host()) : settings.port();
        String publicUrl = settings.publicUrl().orElse("http://localhost:" + port);
        // The database first: a CA created while its records cannot be written would be unrecorded.
        Database db = Database.open(settings.database());
        KeyServiceHost keys = null;
        ServiceMetrics metrics = null;
        try {
            AuditLog audit = new AuditLog(db, clock);
            LoadedCa loaded = loadOrCreate(settings, publicUrl, random, clock, notices, audit);
            if (!loaded.properties().baseUrl().equals(publicUrl) && settings.publicUrl().isPresent()) {
                notices.add("warning: certificates point to " + loaded.properties().baseUrl()
                        + ", which differs from the configured public URL " + publicUrl);
            }
            CaServices ca = CaServices.open(loaded, db, audit, loaded.properties().policy(), random, clock);
            TimeStampAuthority tsa = new TimeStampAuthority(new TsaSigner(loaded.tsa(), loaded.tsaSigner().key(),
                    loaded.tsaSigner().provider().orElse(null), List.of(loaded.tsa())), TsaPolicy.defaults(), clock,
                    random, () -> ca.records().find(loaded.tsa().getSerialNumber()).flatMap(r -> r.revocation())
                            .map(r -> "the time-stamp authority's certificate was revoked"));
            keys = KeyServiceHost.open(settings.kms(), settings.dataDir(), db, audit, clock, random);
            Map<String, java.security.cert.X509Certificate> certificates = Map.of(
                    LoadedCa.ROOT, loaded.root(), LoadedCa.ISSUING, loaded.issuing(), LoadedCa.TSA, loaded.tsa());
            PkiRoutes pki = new PkiRoutes(new CaPkiEndpoints(ca.crls(), ca.ocsp(), tsa, certificates));
            Map<String, HealthCheck> checks = healthChecks(db, loaded, ca.records(), clock);
            checks.put("keys", keys.health());
            HealthRoutes health = new HealthRoutes(checks);
            DeviceAuthenticator authenticator = DeviceAuthenticator.forCa(ca, db, audit, DeviceAuthPolicy.defaults(), clock);
            // One filter for every guarded route: a token is checked (and its jti used up) once. Tokens
            // name the URL the device called, which differs from the certificates' http public URL
            // when this server or a proxy in front of it speaks HTTPS.
            DeviceAuthFilter deviceAuth = new DeviceAuthFilter(authenticator, settings.http().apiUrl(publicUrl, port));
            DirectoryHost directory = DirectoryHost.open(settings.directory(), db, ca, keys.service(), settings.kms().keySpec(),
                    audit, clock, random);
            DirectoryRoutes directoryRoutes = directory.routes(deviceAuth);
            Enrollment enrollment = Enrollment.open(settings.enrollment(), db, audit, ca, keys.service(),
                    settings.kms().keySpec(), directory.directory(), authenticator, deviceAuth, clock, random);
            KeyRoutes keyRoutes = new KeyRoutes(keys.service(), keys.protection(),
                    new EncryptionCertificateHistory(ca.records()), deviceAuth, clock);
            IdentityRoutes identity = IdentityRoutes.create(db, audit, ca, deviceAuth,
                    Optional.of(enrollment.challenges()), settings.identity(), settings.enrollment().renewalWindow(), clock, random);
            KeyServiceHost keyHost = keys;
            metrics = new ServiceMetrics(checks, Optional.of(keyHost::poolMetrics));
            MetricsRoutes metricsRoutes = new MetricsRoutes(metrics);
            OpenApiRoutes openApi = new OpenApiRoutes();
            HttpServer http = new HttpServer(settings.http(), List.of(metrics), app -> {
                pki.register(app);
                health.register(app);
                metricsRoutes.register(app);
                openApi.register(app);
                enrollment.register(app);
                keyRoutes.register(app);
                identity.register(app);
                directoryRoutes.register(app);
            }).start(settings.host(), port);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sealpost-scheduler");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(() -> refreshCrls(ca), 0, 1, TimeUnit.HOURS);
            long cleanup = settings.kms().cleanupInterval().toMillis();
            scheduler.scheduleWithFixedDelay(keys::cleanUp, cleanup, cleanup, TimeUnit.MILLISECONDS);
            enrollment.schedule(scheduler);
            long maintenance = settings.directory().maintenanceInterval().toMillis();
            scheduler.scheduleWithFixedDelay(directory::maintain, maintenance, maintenance, TimeUnit.MILLISECONDS);
            LOG.info("listening on {}:{}; certificates point to {}", settings.host(), http.port(), loaded.properties().baseUrl());
            LOG.info("key service: {}", keys.topology().describe());
            return new SealpostServer(db, http, scheduler, ca, keys, enrollment, metrics, directory, notices);
        } catch (RuntimeException | CaException e) {
            try {
                if (metrics != null) {
                    metrics.close();
                }
                if (keys != null) {
                    keys.close();
                }
            } finally {
                db.close();
            }
            throw e;
        }
    }

    private static LoadedCa loadOrCreate(ServerSettings settings, String publicUrl, SecureRandom random, Clock clock,
            List<String> notices, AuditLog audit) throws CaException {
        if (Files.exists(CaLayout.of(settings.dataDir()).properties())) {
            return CaHierarchy.load(settings.dataDir(),
                    CaPasswords.forExisting(settings.dataDir(), settings.caPassword()));
        }
        CaSetup setup = CaSetup.defaults(new CaUrls(publicUrl)).withAlgorithm(settings.algorithm());
        InitResult created = new CaInitializer(random, clock)
                .initialize(settings.dataDir(), setup, settings.caPassword().orElse(null));
        CaServices.auditCreation(audit, created.ca(), "server");
        notices.add("created a new CA in " + created.layout().dir());
        created.warning().ifPresent(notices::add);
        return created.ca();
    }

    private static void refreshCrls(CaServices ca) {
        for (String issuer : ca.crls().issuers()) {
            try {
                ca.crls().current(issuer);
            } catch (RuntimeException e) {
                LOG.error("cannot refresh the CRL of {}", issuer, e);
            }
        }
    }

    private static Map<String, HealthCheck> healthChecks(Database db, LoadedCa ca,
            org.sealpost.ca.service.CertificateRecords records, Clock clock) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("database", () -> {
            try {
                db.inTransaction(c -> c.isValid(2));
                return HealthCheck.Status.ok(db.dialect().name().toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                return HealthCheck.Status.failing("database unreachable");
            }
        });
        checks.put("ca", () -> usable(ca.issuing(), records, clock));
        checks.put("tsa", () -> usable(ca.tsa(), records, clock));
        return checks;
    }

    private static HealthCheck.Status usable(java.security.cert.X509Certificate cert,
            org.sealpost.ca.service.CertificateRecords records, Clock clock) {
        var revocation = records.find(cert.getSerialNumber()).flatMap(r -> r.revocation());
        if (revocation.isPresent()) {
            return HealthCheck.Status.failing("certificate revoked " + revocation.get().revokedAt());
        }
        return validNow(cert, clock);
    }

    private static HealthCheck.Status validNow(java.security.cert.X509Certificate cert, Clock clock) {
        Instant now = clock.instant();
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return HealthCheck.Status.failing("certificate expired " + cert.getNotAfter().toInstant());
        }
        return HealthCheck.Status.ok("valid until " + cert.getNotAfter().toInstant());
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /** Every HTTP endpoint the server registered (for the OpenAPI document's completeness check). */
    public List<HttpServer.Route> routes() {
        return http.routes();
    }

    /** The CA services this server runs (shared with in-process callers such as tests and benchmarks). */
    public CaServices ca() {
        return ca;
    }

    /** The key service this server runs, for in-process callers (tests, benchmarks). */
    public KeyService keys() {
        return keys.service();
    }

    /** The device registry, for in-process callers (tests, and the key release and identity-level APIs). */
    public Devices devices() {
        return enrollment.devices();
    }

    /** The directory, for in-process callers: enrollment publishes encryption certificates through it. */
    public Directory directory() {
        return directory.directory();
    }

    /** The directory's business API keys, for in-process callers (tests; operators use {@code sealpost admin apikey}). */
    public ApiKeys apiKeys() {
        return directory.apiKeys();
    }

    /** k-of-n and the vaults of the key service, for the operator (no secrets). */
    public KeyTopology keyTopology() {
        return keys.topology();
    }

    /** Things the operator should read once: a CA created, a password generated. */
    public List<String> notices() {
        return notices;
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            try {
                metrics.close();
                stopScheduler();
            } finally {
                try {
                    keys.close();
                } finally {
                    db.close();
                }
            }
        }
    }

    /**
     * Lets a running CRL refresh or key clean-up finish (an interrupt could break an embedded H2
     * database's file channel under it), then gives up on it.
     */
    private void stopScheduler() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(SCHEDULER_STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("a scheduled task did not finish within {} s; stopping it", SCHEDULER_STOP_SECONDS);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
