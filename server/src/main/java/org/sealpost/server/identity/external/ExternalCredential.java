package org.sealpost.server.identity.external;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate from another CA, its chain up to (not including) the trust anchor, and its private key.
 *
 * @param key   the private key; kept out of {@link #toString()}
 * @param chain the end-entity certificate first
 */
public record ExternalCredential(PrivateKey key, List<X509Certificate> chain) {
    public ExternalCredential {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a credential needs its certificate");
        }
    }

    /** The end-entity certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "ExternalCredential[" + certificate().getSubjectX500Principal() + ", key=(redacted)]";
    }
}
