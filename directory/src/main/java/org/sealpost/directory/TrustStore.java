package org.sealpost.directory;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;

/**
 * The roots the operator trusts for email: a harvested certificate is published only when it chains
 * to one of them. Read from a PEM bundle file (setting {@code directory.trust-store}); without one,
 * nothing can be harvested.
 *
 * @param anchors the trusted roots
 * @param origin  where they came from, for messages
 */
public record TrustStore(List<X509Certificate> anchors, String origin) {

    public TrustStore {
        anchors = List.copyOf(anchors);
    }

    /** No trust store configured: every harvest is refused, saying so. */
    public static TrustStore none() {
        return new TrustStore(List.of(), "no trust store configured");
    }

    /**
     * The certificates of a PEM (or DER) bundle.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static TrustStore load(Path bundle) {
        try {
            return new TrustStore(KeyMaterial.readCertificates(bundle), bundle.toString());
        } catch (KeyMaterialException e) {
            throw new IllegalArgumentException("the directory trust store cannot be used: " + e.getMessage(), e);
        }
    }

    /** The trust store of an optional bundle file. */
    public static TrustStore of(Optional<Path> bundle) {
        return bundle.map(TrustStore::load).orElseGet(TrustStore::none);
    }

    public boolean isEmpty() {
        return anchors.isEmpty();
    }
}
