package org.sealpost.vault;

/** Where {@code vault init} puts the new KEK. */
public sealed interface KekChoice {
    /** A 0600 key file, {@code DIR/vault/kek.key}. */
    record File() implements KekChoice {
    }

    /** An AES-256 key generated on a PKCS#11 token. */
    record Pkcs11(Pkcs11Settings settings) implements KekChoice {
    }
}
