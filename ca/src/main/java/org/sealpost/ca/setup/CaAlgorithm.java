package org.sealpost.ca.setup;

import org.sealpost.ca.keys.KeyAlgorithm;

/**
 * The key types of a new hierarchy. {@code ec} (the default) is P-384 throughout: fast to generate
 * and sign with, SHA-384 signatures, read by every current S/MIME client. {@code rsa} is RSA-4096 root,
 * RSA-3072 issuing and TSA keys, for relying parties that still only take RSA chains.
 */
public enum CaAlgorithm {
    RSA(KeyAlgorithm.RSA_4096, KeyAlgorithm.RSA_3072, KeyAlgorithm.RSA_3072),
    EC(KeyAlgorithm.EC_P384, KeyAlgorithm.EC_P384, KeyAlgorithm.EC_P384);

    private final KeyAlgorithm root;
    private final KeyAlgorithm issuing;
    private final KeyAlgorithm tsa;

    CaAlgorithm(KeyAlgorithm root, KeyAlgorithm issuing, KeyAlgorithm tsa) {
        this.root = root;
        this.issuing = issuing;
        this.tsa = tsa;
    }

    public KeyAlgorithm root() {
        return root;
    }

    public KeyAlgorithm issuing() {
        return issuing;
    }

    public KeyAlgorithm tsa() {
        return tsa;
    }

    /** {@code rsa} or {@code ec}, case-insensitive. */
    public static CaAlgorithm parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "rsa" -> RSA;
            case "ec" -> EC;
            default -> throw new IllegalArgumentException("CA algorithm must be 'rsa' or 'ec', not '" + name + "'");
        };
    }

    /** The lower-case name used in ca.properties. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
