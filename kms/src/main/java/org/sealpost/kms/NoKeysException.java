package org.sealpost.kms;

/**
 * The address has no key to release (none made yet, or only a failed, pending one): a state the
 * caller can report as such, not a fault of the key service.
 */
public final class NoKeysException extends KeyServiceException {
    private static final long serialVersionUID = 1L;

    NoKeysException(String address) {
        super(address + " has no keys to release");
    }
}
