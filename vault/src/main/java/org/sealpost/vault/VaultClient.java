package org.sealpost.vault;

import java.util.Optional;

/**
 * How the key service talks to one vault: in-process ({@link LocalVaultClient}, the embedded default)
 * or over HTTP ({@link HttpVaultClient}, a vault in its own process). Both behave alike, so the
 * production topology is only a configuration change.
 */
public interface VaultClient {
    /** The vault's id. */
    String vaultId();

    /**
     * Stores a share; storing the identical share again succeeds.
     *
     * @throws ShareConflictException     when a different share is stored under {@code keyId}
     * @throws VaultUnavailableException  when the vault cannot be reached or refuses the credential
     */
    void put(String keyId, byte[] share) throws VaultUnavailableException;

    /** The share, or empty when none is stored; the caller should overwrite it when done. */
    Optional<byte[]> get(String keyId) throws VaultUnavailableException;

    /** Deletes a share; true when there was one. */
    boolean delete(String keyId) throws VaultUnavailableException;
}
