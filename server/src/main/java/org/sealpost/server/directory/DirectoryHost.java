package org.sealpost.server.directory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.sealpost.ca.service.CaServices;
import org.sealpost.directory.Directory;
import org.sealpost.directory.ExpiredCertificates;
import org.sealpost.directory.HarvestedRecheck;
import org.sealpost.directory.Harvester;
import org.sealpost.directory.ProvisionalKeys;
import org.sealpost.directory.TrustStore;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.apikey.ApiKeys;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The directory's parts, wired once per server process over the shared database. */
public final class DirectoryHost {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryHost.class);

    private final DirectorySettings settings;
    private final Directory directory;
    private final Harvester harvester;
    private final ProvisionalKeys provisional;
    private final CallerLimits limits;
    private final ExpiredCertificates expired;
    private final HarvestedRecheck recheck;
    private final ApiKeys apiKeys;

    private DirectoryHost(DirectorySettings settings, Directory directory, Harvester harvester, ProvisionalKeys provisional,
            CallerLimits limits, ExpiredCertificates expired, HarvestedRecheck recheck, ApiKeys apiKeys) {
        this.settings = settings;
        this.directory = directory;
        this.harvester = harvester;
        this.provisional = provisional;
        this.limits = limits;
        this.expired = expired;
        this.recheck = recheck;
        this.apiKeys = apiKeys;
    }

    /**
     * @param provisionalSpec the kind of key provisional keys are (the key service's key spec)
     * @throws IllegalArgumentException when the trust store file cannot be read
     */
    public static DirectoryHost open(DirectorySettings settings, Database db, CaServices ca, KeyService keys, KeySpec provisionalSpec,
            AuditLog audit, Clock clock, SecureRandom random) {
        Objects.requireNonNull(settings, "settings");
        TrustStore trust = TrustStore.of(settings.trustStore());
        CallerLimits limits = new CallerLimits(settings);
        return new DirectoryHost(settings, new Directory(db, ca.records(), audit, clock), new Harvester(db, audit, trust, clock),
                new ProvisionalKeys(db, keys, provisionalSpec, settings.provisionalLifetime(),
                        limits.provisional(Caller.Tier.DEVICE), clock),
                limits, new ExpiredCertificates(db, clock), new HarvestedRecheck(db, audit, clock, settings.recheckInterval()),
                new ApiKeys(db, audit, clock, random));
    }

    /** Look-ups and {@link Directory#publishIssued publication} of the CA's encryption certificates. */
    public Directory directory() {
        return directory;
    }

    /** The business API keys that callers may present instead of a device token (batch, provisional, look-up). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /**
     * The HTTP routes: a device is authenticated by {@code auth}, the server's one filter, so that a
     * token is checked once per request.
     */
    public DirectoryRoutes routes(DeviceAuthFilter auth) {
        return new DirectoryRoutes(directory, harvester, provisional, limits, auth, new DirectoryCallers(auth, apiKeys), settings);
    }

    /**
     * The scheduled maintenance: expired certificates removed, unclaimed provisional keys expired, due
     * harvested certificates checked for revocation. Never throws.
     */
    public void maintain() {
        try {
            int certificates = expired.removeExpired();
            int keys = provisional.expireUnclaimed();
            int revoked = recheck.run();
            if (certificates > 0 || keys > 0 || revoked > 0) {
                LOG.info("directory maintenance: {} expired certificates removed, {} unclaimed provisional keys expired,"
                        + " {} harvested certificates found revoked", certificates, keys, revoked);
            }
        } catch (RuntimeException e) {
            LOG.error("directory clean-up failed; it runs again at the next interval", e);
        }
    }
}
