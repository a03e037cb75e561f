package org.sealpost.server.keys;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Where the key service keeps its shares: vaults in this process, or vaults in their own processes. */
public sealed interface VaultTopology {
    /** The most vaults a key can be split across (Shamir over GF(256)). */
    int MAX_VAULTS = 255;

    /** n, the number of vaults: every key gets one share in each. */
    int size();

    /**
     * The embedded default: {@code count} vaults in this process, each with its own directory,
     * database and key-encryption key under {@code DIR/vaults/vault-<i>}.
     */
    record Embedded(int count) implements VaultTopology {
        public Embedded {
            if (count < 2 || count > MAX_VAULTS) {
                throw new IllegalArgumentException("the number of embedded vaults must be 2 to " + MAX_VAULTS + ", not " + count);
            }
        }

        @Override
        public int size() {
            return count;
        }
    }

    /** Vaults in their own processes (ideally on their own hosts), in share order. */
    record Remote(List<RemoteVault> vaults) implements VaultTopology {
        public Remote {
            vaults = List.copyOf(Objects.requireNonNull(vaults, "vaults"));
            if (vaults.size() < 2 || vaults.size() > MAX_VAULTS) {
                throw new IllegalArgumentException("the key service needs 2 to " + MAX_VAULTS
                        + " vaults (one vault alone would hold whole keys), not " + vaults.size());
            }
            Set<String> names = new HashSet<>();
            for (RemoteVault vault : vaults) {
                if (!names.add(vault.name())) {
                    throw new IllegalArgumentException("vault " + vault.name() + " is listed twice");
                }
            }
        }

        @Override
        public int size() {
            return vaults.size();
        }
    }
}
