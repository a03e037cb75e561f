package org.sealpost.vault;

import java.util.Collection;
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

    /**
     * The shares of several keys in one round trip (one query, one HTTP request). A key whose stored
     * share fails authentication is reported in {@link ShareBatch#failures()} without failing the
     * others; a key with no share is absent. The caller should {@link ShareBatch#wipe()} the result.
     *
     * @param keyIds at most {@link KeyIds#MAX_BATCH} key ids (duplicates count once)
     * @throws IllegalArgumentException  when a key id is invalid or there are too many
     * @throws VaultUnavailableException when the vault cannot be reached or refuses the credential
     */
    ShareBatch getAll(Collection<String> keyIds) throws VaultUnavailableException;

    /** Deletes a share; true when there was one. */
    boolean delete(String keyId) throws VaultUnavailableException;
}
