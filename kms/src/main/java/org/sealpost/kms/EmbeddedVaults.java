package org.sealpost.kms;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.LocalVaultClient;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultService;

/**
 * The embedded default: n vaults in this process, vault i in {@code DIR/vaults/vault-<i>} with its
 * own H2 database and its own file KEK, initialised on first use. The split then protects against a
 * stolen copy of one vault directory or one database backup, not against someone who holds the whole
 * data directory; production runs each vault as its own process (docs/VAULT.md), which changes only
 * the {@link VaultClient}s handed to {@link KeyService}.
 *
 * <p>{@link #close()} closes every vault.
 */
public final class EmbeddedVaults implements AutoCloseable {
    /** The directory under the data directory that holds the embedded vaults. */
    public static final String DIRECTORY = "vaults";

    private final List<VaultService> services;
    private final List<VaultClient> clients;

    private EmbeddedVaults(List<VaultService> services) {
        this.services = List.copyOf(services);
        this.clients = services.stream().<VaultClient>map(s -> new LocalVaultClient(s.vault())).toList();
    }

    /**
     * Opens vaults 1..n under {@code dataDir/vaults}, creating the ones that do not exist yet.
     *
     * @throws IllegalArgumentException when n is below 2
     * @throws org.sealpost.vault.VaultException when a vault cannot be initialised or its KEK opened
     */
    public static EmbeddedVaults open(Path dataDir, int n, SecureRandom random) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(random, "random");
        if (n < 2 || n > KeySplitter.MAX_SHARES) {
            throw new IllegalArgumentException("embedded vaults: need 2 to " + KeySplitter.MAX_SHARES + ", got " + n);
        }
        List<VaultService> opened = new ArrayList<>(n);
        try {
            for (int i = 1; i <= n; i++) {
                Path dir = directory(dataDir, i);
                if (!VaultHome.exists(dir)) {
                    VaultHome.Initialized created = VaultHome.init(dir, new KekChoice.File(), null, random);
                    // In-process clients need no token; do not keep a credential nobody uses in memory.
                    java.util.Arrays.fill(created.clientToken(), '\0');
                }
                opened.add(VaultService.open(dir, Optional.empty(), null));
            }
        } catch (RuntimeException e) {
            opened.forEach(VaultService::close);
            throw e;
        }
        return new EmbeddedVaults(opened);
    }

    /** The data directory of embedded vault {@code i} (1-based): {@code dataDir/vaults/vault-<i>}. */
    public static Path directory(Path dataDir, int i) {
        return dataDir.resolve(DIRECTORY).resolve("vault-" + i);
    }

    /** In-process clients of the vaults, in order: what {@link KeyService} takes. */
    public List<VaultClient> clients() {
        return clients;
    }

    /** The open vaults, in order (for tests and operations). */
    public List<VaultService> services() {
        return services;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (VaultService s : services) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedVaults[" + services.size() + "]";
    }
}
