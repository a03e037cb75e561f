package org.sealpost.client.send;

import java.util.Objects;

/**
 * What one recipient was sent.
 *
 * @param address     the recipient
 * @param protection  how the copy this recipient got is protected
 * @param keys        how many certificates (or provisional keys) it was encrypted to for them
 * @param invited     whether an invitation went out (for a provisional key)
 * @param description one line for people, e.g. "encrypted (2 certificates)"
 */
public record RecipientReport(String address, Protection protection, int keys, boolean invited, String description) {
    /** How a recipient's copy is protected. */
    public enum Protection {
        /** Encrypted to the recipient's certificates. */
        ENCRYPTED,
        /** Encrypted to the recipient's provisional key (no certificate yet). */
        ENCRYPTED_PROVISIONAL,
        /** Signed, not encrypted. */
        SIGNED_ONLY,
        /** Neither signed nor encrypted. */
        PLAIN
    }

    public RecipientReport {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(description, "description");
    }
}
