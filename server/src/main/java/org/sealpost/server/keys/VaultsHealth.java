package org.sealpost.server.keys;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.vault.VaultUnavailableException;

/**
 * The key service's health: every vault is asked, in parallel, for a share that does not exist
 * (proving it is up, its database answers and, for a remote vault, that it accepts the key
 * service's credential). With all n vaults answering the service is {@code ok}; with at least k it is
 * {@code degraded} (keys are released, but a new key needs every vault); with fewer than k
 * {@code failing}.
 */
final class VaultsHealth implements HealthCheck {
    /** A probe key id no key ever has (real ones are 22 characters of base64url). */
    static final String PROBE_KEY_ID = "sealpost-health-probe";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final int threshold;
    private final List<VaultConnections.Connection> vaults;

    VaultsHealth(int threshold, List<VaultConnections.Connection> vaults) {
        this.threshold = threshold;
        this.vaults = List.copyOf(vaults);
    }

    @Override
    public Status check() {
        Map<String, CompletableFuture<Status>> probes = new LinkedHashMap<>();
        for (VaultConnections.Connection vault : vaults) {
            CompletableFuture<Status> probe = new CompletableFuture<>();
            // Not interrupted when late: an interrupt may break an embedded vault's H2 file channel.
            Thread.ofVirtual().name("vault-probe-" + vault.name()).start(() -> probe.complete(probe(vault)));
            probes.put(vault.name(), probe);
        }
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        Map<String, Status> parts = new LinkedHashMap<>();
        int reachable = 0;
        for (var probe : probes.entrySet()) {
            Status status = await(probe.getValue(), deadline);
            parts.put(probe.getKey(), status);
            if (status.status() == State.OK) {
                reachable++;
            }
        }
        return summary(reachable).withComponents(parts);
    }

    private Status summary(int reachable) {
        int n = vaults.size();
        String scheme = threshold + "-of-" + n + ": ";
        if (reachable == n) {
            return Status.ok(scheme + "all " + n + " vaults reachable");
        }
        if (reachable >= threshold) {
            return Status.degraded(scheme + reachable + " of " + n + " vaults reachable: keys are released, "
                    + "but no new key can be made until every vault is back");
        }
        return Status.failing(scheme + reachable + " of " + n + " vaults reachable, " + threshold
                + " needed: no key can be made or released");
    }

    private static Status probe(VaultConnections.Connection vault) {
        try {
            vault.client().get(PROBE_KEY_ID).ifPresent(share -> Arrays.fill(share, (byte) 0));
            return Status.ok("vault " + vault.client().vaultId() + " at " + vault.location());
        } catch (VaultUnavailableException | RuntimeException e) {
            // Vault messages name the vault and its address, never a token or a share.
            return Status.failing(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    private static Status await(CompletableFuture<Status> probe, long deadline) {
        try {
            return probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Status.failing("did not answer within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Status.failing(e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.failing("interrupted");
        }
    }
}
