package org.sealpost.ca.setup;

import org.sealpost.ca.keys.Pkcs11Settings;

/** Where a new CA keeps its keys. */
public sealed interface KeyStoreChoice {
    /** {@code DIR/ca/ca-keys.p12}, password protected. */
    record Pkcs12() implements KeyStoreChoice {
    }

    /** A PKCS#11 token; the secret is the token PIN. */
    record Pkcs11(Pkcs11Settings settings) implements KeyStoreChoice {
    }
}
