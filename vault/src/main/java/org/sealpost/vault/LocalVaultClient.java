package org.sealpost.vault;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.StorageException;

/** A vault in this process. A database failure surfaces as {@link VaultUnavailableException}, as a vault that is down would. */
public final class LocalVaultClient implements VaultClient {
    private final Vault vault;

    public LocalVaultClient(Vault vault) {
        this.vault = Objects.requireNonNull(vault, "vault");
    }

    @Override
    public String vaultId() {
        return vault.vaultId();
    }

    @Override
    public void put(String keyId, byte[] share) throws VaultUnavailableException {
        try {
            vault.put(keyId, share);
        } catch (StorageException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<byte[]> get(String keyId) throws VaultUnavailableException {
        try {
            return vault.get(keyId);
        } catch (StorageException e) {
            throw unavailable(e);
        }
    }

    @Override
    public ShareBatch getAll(Collection<String> keyIds) throws VaultUnavailableException {
        try {
            return vault.getAll(keyIds);
        } catch (StorageException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean delete(String keyId) throws VaultUnavailableException {
        try {
            return vault.delete(keyId);
        } catch (StorageException e) {
            throw unavailable(e);
        }
    }

    private VaultUnavailableException unavailable(StorageException e) {
        return new VaultUnavailableException("vault " + vault.vaultId() + " is unavailable: " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "LocalVaultClient[" + vault.vaultId() + "]";
    }
}
