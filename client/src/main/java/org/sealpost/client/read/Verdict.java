package org.sealpost.client.read;

/** What reading a message concluded, from best to worst. */
public enum Verdict {
    /** Signed, intact, and at least one signer is validated by a trusted CA; no signer is bad. */
    VERIFIED,
    /** Signed and intact, but no signer chains to a trusted CA: who signed is not validated. */
    UNVERIFIED,
    /** Not signed (plain mail, or encrypted only): shown as it is. */
    UNSIGNED,
    /** A signature is bad: the message was altered, signed by someone else than the sender, or the certificate was revoked. */
    BAD,
    /** Encrypted, and no key of the history opens it (or the encrypted content is damaged). */
    UNREADABLE;

    /** True for the verdicts under which the message must not be shown as if it were what its sender wrote. */
    public boolean failed() {
        return this == BAD || this == UNREADABLE;
    }
}
