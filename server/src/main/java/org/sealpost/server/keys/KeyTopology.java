package org.sealpost.server.keys;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the key service runs on, for the operator: k-of-n and each vault. No secrets.
 *
 * @param threshold k
 * @param embedded  whether the vaults run in this process
 * @param vaults    in share order
 */
public record KeyTopology(int threshold, boolean embedded, List<Vault> vaults) {
    public KeyTopology {
        vaults = List.copyOf(vaults);
    }

    /**
     * One vault.
     *
     * @param name     its configured name
     * @param location its directory (embedded) or URL
     * @param vaultId  its id, when it could be asked at start
     */
    public record Vault(String name, String location, Optional<String> vaultId) {
    }

    /** {@code k-of-n}. */
    public String scheme() {
        return threshold + "-of-" + vaults.size();
    }

    /** One line, e.g. {@code 2-of-2 embedded vaults: vault-1 <id> (<dir>), vault-2 <id> (<dir>)}. */
    public String describe() {
        return scheme() + (embedded ? " embedded vaults: " : " vaults: ") + vaults.stream()
                .map(v -> v.name() + " " + v.vaultId().orElse("(unreachable)") + " (" + v.location() + ")")
                .collect(Collectors.joining(", "));
    }
}
