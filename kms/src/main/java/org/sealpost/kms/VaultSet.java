package org.sealpost.kms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultException;

/**
 * The vaults a {@link KeyService} writes to, in order (share i goes to vault i), and the look-up of
 * a vault by the id a key record names.
 *
 * <p>A vault's id is asked once and remembered. An HTTP vault that is down when the service starts
 * is asked again on next use, so that a vault outage at start-up does not stop releases that the
 * other vaults can serve.
 *
 * <p>Thread-safe.
 */
final class VaultSet {
    private final List<VaultClient> clients;
    private final AtomicReferenceArray<String> ids;

    VaultSet(List<VaultClient> clients) {
        this.clients = List.copyOf(Objects.requireNonNull(clients, "vaults"));
        this.ids = new AtomicReferenceArray<>(this.clients.size());
        for (int i = 0; i < this.clients.size(); i++) {
            idOf(i);
        }
        requireDistinct();
    }

    /** n. */
    int size() {
        return clients.size();
    }

    /** The client of vault {@code i} (0-based). */
    VaultClient client(int i) {
        return clients.get(i);
    }

    /**
     * The ids of all vaults, in order: what a new key record stores.
     *
     * @throws VaultsUnavailableException naming the vault whose id cannot be learnt (it is down)
     */
    List<String> allIds() {
        List<String> all = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            Optional<String> id = idOf(i);
            if (id.isEmpty()) {
                throw new VaultsUnavailableException("vault " + (i + 1) + " of " + clients.size() + " (" + clients.get(i)
                        + ") is unreachable: cannot learn its vault id", List.of(clients.get(i).toString()));
            }
            all.add(id.get());
        }
        requireDistinct();
        return List.copyOf(all);
    }

    /** The client of the vault with id {@code vaultId}, when one of ours has it (or cannot be asked yet: empty). */
    Optional<VaultClient> byId(String vaultId) {
        for (int i = 0; i < clients.size(); i++) {
            if (idOf(i).filter(vaultId::equals).isPresent()) {
                return Optional.of(clients.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether some vault's id is still unknown (it was down whenever asked), so that a vault id no known
     * vault has may be its. Does not ask again.
     */
    boolean hasUnknownIds() {
        for (int i = 0; i < clients.size(); i++) {
            if (ids.get(i) == null) {
                return true;
            }
        }
        return false;
    }

    /** A printable name of vault {@code i}: its id when known, else its client. */
    String name(int i) {
        return idOf(i).orElse(clients.get(i).toString());
    }

    private Optional<String> idOf(int i) {
        String id = ids.get(i);
        if (id == null) {
            try {
                id = clients.get(i).vaultId();
            } catch (VaultException e) {
                // Down right now (an HTTP vault asks its /health for the id): try again on next use.
                return Optional.empty();
            }
            ids.compareAndSet(i, null, id);
        }
        return Optional.of(id);
    }

    private void requireDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            String id = ids.get(i);
            if (id != null && !seen.add(id)) {
                // Two shares in one vault would let that vault's operator rebuild keys alone.
                throw new IllegalArgumentException("vault " + id + " is configured twice: every share must go to a different vault");
            }
        }
    }
}
