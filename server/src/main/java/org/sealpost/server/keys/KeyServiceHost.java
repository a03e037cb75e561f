package org.sealpost.server.keys;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.KeyPairFactory;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.ProtectionSettings;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.vault.VaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key service as the server runs it: its vaults (embedded or remote, as configured), one key
 * pool for the process, the {@link KeyService} over the server's database, the clean-up of partial
 * writes, and its health. {@link #close()} stops the pool, then closes the vaults; the database is
 * the caller's.
 */
public final class KeyServiceHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyServiceHost.class);

    private final KmsSettings settings;
    private final VaultConnections vaults;
    private final KeyPool pool;
    private final KeyService service;
    private final KeyProtection protection;
    private final KeyTopology topology;

    private KeyServiceHost(KmsSettings settings, VaultConnections vaults, KeyPool pool, KeyService service,
            KeyProtection protection, KeyTopology topology) {
        this.settings = settings;
        this.vaults = vaults;
        this.pool = pool;
        this.service = service;
        this.protection = protection;
        this.topology = topology;
    }

    /**
     * Connects the vaults, starts the key pool and opens the key service. A remote vault that is down
     * does not stop the start: it is asked again on use, and {@link #health()} reports it.
     *
     * @param dataDir the server's data directory (embedded vaults live under {@code dataDir/vaults})
     * @throws IllegalArgumentException when a token file cannot be used or a vault is configured twice
     * @throws VaultException           when an embedded vault cannot be initialised or opened
     */
    public static KeyServiceHost open(KmsSettings settings, Path dataDir, Database db, AuditLog audit, Clock clock,
            SecureRandom random) {
        Objects.requireNonNull(settings, "settings");
        VaultConnections vaults = VaultConnections.open(settings.vaults(), dataDir, random);
        KeyPool pool = null;
        try {
            pool = new KeyPool(new KeyPairFactory(random), settings.pool());
            KeyProtection protection = new KeyProtection(db, audit, clock, random, ProtectionSettings.defaults());
            KeyService service = new KeyService(db, audit, pool, vaults.clients(), settings.threshold(), protection, clock, random);
            return new KeyServiceHost(settings, vaults, pool, service, protection, topology(settings, vaults));
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            vaults.close();
            throw e;
        }
    }

    private static KeyTopology topology(KmsSettings settings, VaultConnections vaults) {
        List<KeyTopology.Vault> described = vaults.all().stream()
                .map(v -> new KeyTopology.Vault(v.name(), v.location(), idOf(v))).toList();
        return new KeyTopology(settings.threshold(), settings.vaults() instanceof VaultTopology.Embedded, described);
    }

    private static Optional<String> idOf(VaultConnections.Connection vault) {
        try {
            return Optional.of(vault.client().vaultId());
        } catch (VaultException e) {
            return Optional.empty();
        }
    }

    /** The key service. */
    public KeyService service() {
        return service;
    }

    /** The protection passwords the key service checks on release, for the owner's endpoints. */
    public KeyProtection protection() {
        return protection;
    }

    /** k-of-n and the vaults, as configured at start. */
    public KeyTopology topology() {
        return topology;
    }

    /** The key pool's sizes and counters, for metrics. */
    public KeyPool.Metrics poolMetrics() {
        return pool.metrics();
    }

    /** The key service's state for {@code /health}, with each vault beneath it. */
    public HealthCheck health() {
        return new VaultsHealth(settings.threshold(), vaults.all());
    }

    /**
     * One run of the clean-up of partial writes (pending keys older than the configured age): what
     * the server schedules. Never throws; a failure is logged and the next run tries again.
     */
    public void cleanUp() {
        try {
            int removed = service.cleanUpPending(settings.cleanupOlderThan());
            if (removed > 0) {
                LOG.info("removed {} partial key write(s) older than {}", removed, settings.cleanupOlderThan());
            }
        } catch (RuntimeException e) {
            // Key service and storage messages name keys, vaults and URLs, never key material.
            LOG.warn("the clean-up of partial key writes failed, next try in {}: {}", settings.cleanupInterval(), e.getMessage());
        }
    }

    /** Stops the key pool, then closes the vaults. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            vaults.close();
        }
    }

    @Override
    public String toString() {
        return "KeyServiceHost[" + topology.describe() + "]";
    }
}
