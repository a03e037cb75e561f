package org.sealpost.server.keys;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A vault in its own process ({@code sealpost vault}) and how the key service reaches it. No secret
 * here: the client token stays in its file until the vault is connected.
 *
 * @param name      the operator's name for it (configuration keys {@code kms.vault.<name>.*}):
 *                  lower-case letters, digits and {@code -}
 * @param url       its base URL, {@code http://} or {@code https://}
 * @param tokenFile the file holding its client token (the vault's {@code client-token}), mode 0600
 * @param timeout   the timeout of each request to it
 * @param tls       for an {@code https://} URL: the vault's pinned certificates and the key service's
 *                  client identity (mutual TLS); empty for {@code http://}
 */
public record RemoteVault(String name, URI url, Path tokenFile, Duration timeout, Optional<VaultTls> tls) {
    /** What a vault name may be: it becomes part of configuration keys and environment variable names. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public RemoteVault {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("vault name '" + name
                    + "': use 1 to 32 lower-case letters, digits and '-', starting with a letter or digit");
        }
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("vault URL '" + url + "': expected http://host:port/ or https://host:port/");
        }
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("vault timeout must be positive, not " + timeout);
        }
        Objects.requireNonNull(tls, "tls");
        if (scheme.equals("https") != tls.isPresent()) {
            throw new IllegalArgumentException(scheme.equals("https")
                    ? "vault URL '" + url + "': https needs the vault's certificate pin and the key service's client identity"
                    : "vault URL '" + url + "': TLS settings given for a plain http URL");
        }
    }

    /** A vault reached over plain HTTP (same host, or behind a TLS proxy). */
    public RemoteVault(String name, URI url, Path tokenFile, Duration timeout) {
        this(name, url, tokenFile, timeout, Optional.empty());
    }

    /**
     * How the key service reaches a vault over mutual TLS.
     *
     * @param serverPins     SHA-256 pins of the vault's TLS certificate (more than one while replacing it)
     * @param clientIdentity the key service's client certificate and key (read from the PKCS#12 file
     *                       made by {@code sealpost vault client-identity})
     */
    public record VaultTls(java.util.Set<org.sealpost.vault.tls.CertificatePin> serverPins,
            org.sealpost.core.keys.Identity clientIdentity) {
        public VaultTls {
            serverPins = java.util.Set.copyOf(serverPins);
            if (serverPins.isEmpty()) {
                throw new IllegalArgumentException("no pin of the vault's TLS certificate given");
            }
            Objects.requireNonNull(clientIdentity, "clientIdentity");
        }
    }
}
