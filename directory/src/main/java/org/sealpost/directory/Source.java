package org.sealpost.directory;

import java.util.Locale;

/** Where a published certificate came from; stored lower-case in {@code directory_certificate.source}. */
public enum Source {
    /** Issued by this service's CA, published at issuance. */
    ISSUED,
    /** Issued by another CA, submitted by a client that found it in signed mail, checked before publishing. */
    HARVESTED;

    /** The database and API value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Source of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
