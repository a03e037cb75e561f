package org.sealpost.vault;

/** A different share is already stored under the key id; the vault never overwrites a share. */
public final class ShareConflictException extends VaultException {
    public ShareConflictException(String keyId) {
        super("a different share is already stored for key " + keyId + "; the vault does not overwrite shares");
    }
}
