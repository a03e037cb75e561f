package org.sealpost.vault;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.tls.CertificatePin;

/**
 * Where and how the key service reaches one vault in another process: what
 * {@link HttpVaultClient#create(VaultEndpoint, java.time.Duration)} takes. The token is held as given
 * (the client copies it); {@link #toString()} never shows it or a key.
 */
public sealed interface VaultEndpoint {
    /** The vault's base URL. */
    URI url();

    /** The vault's client token (bearer credential). */
    char[] token();

    /**
     * Mutual TLS: the vault must present a certificate pinned in {@code serverPins} (and valid for the
     * host name in {@code url}); the key service presents {@code clientIdentity}, whose certificate the
     * vault must trust. More than one pin lets a vault's certificate be replaced without downtime.
     */
    record MutualTls(URI url, char[] token, Set<CertificatePin> serverPins, Identity clientIdentity) implements VaultEndpoint {
        /** @throws IllegalArgumentException when the URL is not https or no server pin is given */
        public MutualTls {
            requireScheme(url, "https");
            Objects.requireNonNull(token, "token");
            serverPins = Set.copyOf(serverPins);
            if (serverPins.isEmpty()) {
                throw new IllegalArgumentException("vault " + url + ": no pin (SHA-256) of the vault's TLS certificate given");
            }
            Objects.requireNonNull(clientIdentity, "clientIdentity");
        }

        @Override
        public String toString() {
            return "VaultEndpoint.MutualTls[" + url + ", pins=" + serverPins + ", client=" + clientIdentity + ", token=***]";
        }
    }

    /** Plain HTTP with the token only: for a vault on the same host or behind a TLS proxy. */
    record InsecureHttp(URI url, char[] token) implements VaultEndpoint {
        /** @throws IllegalArgumentException when the URL is not http */
        public InsecureHttp {
            requireScheme(url, "http");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "VaultEndpoint.InsecureHttp[" + url + ", token=***]";
        }
    }

    private static void requireScheme(URI url, String scheme) {
        Objects.requireNonNull(url, "url");
        if (url.getScheme() == null || !url.getScheme().toLowerCase(Locale.ROOT).equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("vault URL " + url + ": expected " + scheme + "://host:port/");
        }
    }
}
