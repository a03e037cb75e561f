package org.sealpost.server.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's TLS identity: a PKCS#12 keystore holding its private key and certificate chain.
 *
 * @param keystore the PKCS#12 file
 * @param password its password (also the key's, as PKCS#12 tools write them)
 * @param alias    the key entry to serve; empty takes the keystore's only key entry
 */
public record TlsSettings(Path keystore, char[] password, Optional<String> alias) {
    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(alias, "alias");
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsSettings other && keystore.equals(other.keystore) && alias.equals(other.alias)
                && java.util.Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keystore, alias);
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", alias=" + alias.orElse("(the only key)") + "]";
    }
}
