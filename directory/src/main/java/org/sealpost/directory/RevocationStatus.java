package org.sealpost.directory;

import java.time.Instant;

/** What a certificate's CA said about it when asked, through a CRL or its OCSP responder. */
sealed interface RevocationStatus {
    /** Revoked at {@code at}. */
    record Revoked(Instant at) implements RevocationStatus {
    }

    /** Not revoked, by a current answer the issuer vouches for. */
    record Good() implements RevocationStatus {
    }

    /** No usable answer (nothing to ask, unreachable, stale, badly signed, not known to the CA): {@code why}. */
    record Unknown(String why) implements RevocationStatus {
    }
}
