package org.sealpost.vault;

/**
 * A vault failure, said in one operator-readable line that never contains a share, a key or a
 * credential: a share that fails authentication, a key file with unsafe permissions, a token that
 * cannot be used, a vault directory that is missing or already initialised.
 */
public class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
