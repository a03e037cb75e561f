package org.sealpost.ca.setup;

import java.nio.file.Path;

/**
 * The files of a CA under a data directory: everything lives in {@code DIR/ca/}.
 *
 * @param dir the {@code DIR/ca} directory
 */
public record CaLayout(Path dir) {
    /** The layout under data directory {@code dataDir}. */
    public static CaLayout of(Path dataDir) {
        return new CaLayout(dataDir.resolve("ca"));
    }

    public Path rootCertificate() {
        return dir.resolve("root.pem");
    }

    public Path issuingCertificate() {
        return dir.resolve("issuing.pem");
    }

    public Path tsaCertificate() {
        return dir.resolve("tsa.pem");
    }

    public Path keyStore() {
        return dir.resolve("ca-keys.p12");
    }

    /** Written only when the password was generated. */
    public Path generatedPassword() {
        return dir.resolve("ca-password");
    }

    public Path properties() {
        return dir.resolve("ca.properties");
    }
}
