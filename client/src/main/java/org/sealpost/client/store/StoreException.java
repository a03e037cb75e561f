package org.sealpost.client.store;

/** The local store cannot be read or written; the message is one line and never holds a secret. */
public final class StoreException extends Exception {
    /** What went wrong. */
    public enum Kind { MISSING, EXISTS, WRONG_PASSPHRASE, CORRUPT, IO }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
