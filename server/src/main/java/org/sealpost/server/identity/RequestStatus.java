package org.sealpost.server.identity;

import java.util.Locale;

/** Where an identity request stands. */
public enum RequestStatus {
    /** Waits for an operator (V2 only). */
    PENDING,
    /** Approved; the certificate is issued when the device next asks for the request. */
    APPROVED,
    /** Refused; the reason says why. */
    REJECTED,
    /** The certificate was issued and is held with the request. */
    ISSUED;

    /** The name in the database and the API: {@code pending}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RequestStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
