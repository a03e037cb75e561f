package org.sealpost.ca.store;

import java.time.Instant;

/** One generated CRL of one issuer. */
public record StoredCrl(String issuer, long number, Instant thisUpdate, Instant nextUpdate, byte[] der) {

    public StoredCrl {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }
}
