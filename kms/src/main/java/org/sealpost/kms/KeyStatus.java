package org.sealpost.kms;

import java.util.Locale;

/** Where a key is in its life; stored lower-case in {@code kms_key.status}. */
public enum KeyStatus {
    /** Row written, shares still being written to the vaults: not a key yet (a crash leaves these behind). */
    PENDING,
    /** The address's current key: new mail is encrypted to it. */
    ACTIVE,
    /** Superseded by a newer key; kept and released so that old mail stays readable. */
    RETIRED,
    /** Made for an address whose owner has not signed up yet; released once they prove the mailbox. */
    PROVISIONAL;

    /** The database value. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code value}. */
    public static KeyStatus fromDbValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether a key in this status counts as a key of its address (everything but {@link #PENDING}). */
    public boolean isKey() {
        return this != PENDING;
    }
}
