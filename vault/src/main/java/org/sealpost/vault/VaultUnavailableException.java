package org.sealpost.vault;

/**
 * A vault could not be reached or did not answer as a vault should (down, timed out, refused the
 * credential, answered with a server error). The message names the vault's address, never the credential.
 */
public final class VaultUnavailableException extends Exception {
    public VaultUnavailableException(String message) {
        super(message);
    }

    public VaultUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
