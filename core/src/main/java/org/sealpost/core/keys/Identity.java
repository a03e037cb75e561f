package org.sealpost.core.keys;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first). Used to sign, and as one entry of a
 * decryption key history. {@link #toString()} never shows key material.
 */
public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {

    public Identity {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs at least its own certificate");
        }
    }

    /** The identity's own (leaf) certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "Identity[" + Names.display(certificate().getSubjectX500Principal()) + ", key=<redacted>]";
    }
}
