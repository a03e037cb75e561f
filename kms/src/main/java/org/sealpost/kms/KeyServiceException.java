package org.sealpost.kms;

/**
 * A key could not be created, released or cleaned up: a vault is unreachable, a share is missing or
 * fails its integrity check, the database failed, or the request contradicts the key table. The
 * message names key ids, addresses and vault ids, never key material, shares or passwords.
 *
 * <p>Subtypes say what a caller can act on: {@link VaultsUnavailableException} (vaults out of
 * reach: try again later), {@link ReleaseRefusedException} (the protection password) and
 * {@link NoKeysException} (nothing to release).
 */
public class KeyServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public KeyServiceException(String message) {
        super(message);
    }

    /**
     * An exception with {@code message} and {@code cause}. Pass a cause only when its own message is
     * known to be free of secrets (vault and storage exceptions are written that way).
     */
    public KeyServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
