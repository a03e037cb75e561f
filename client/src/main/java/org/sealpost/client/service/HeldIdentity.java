package org.sealpost.client.service;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A V2-V4 certificate the service issued for this device's key ({@code GET /v1/identity/certificates}).
 *
 * @param level    "V2", "V3" or "V4"
 * @param chain    the certificate, then the issuing CA, then the root
 * @param notAfter when the certificate ends
 */
public record HeldIdentity(String level, List<X509Certificate> chain, Instant notAfter) {
    public HeldIdentity {
        Objects.requireNonNull(level, "level");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity certificate needs its certificate");
        }
        Objects.requireNonNull(notAfter, "notAfter");
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }
}
