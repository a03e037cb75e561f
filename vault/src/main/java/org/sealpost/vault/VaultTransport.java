package org.sealpost.vault;

import java.util.Objects;
import java.util.Set;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.tls.CertificatePin;

/** How a vault serves its HTTP API: mutual TLS (production), or plain HTTP (only when asked for by name). */
public sealed interface VaultTransport {

    /**
     * HTTPS with TLS 1.3, presenting {@code identity}; a client that presents a certificate must
     * present a pinned one (else the handshake fails), and every request but {@code GET /health} must
     * come with a pinned client certificate and the bearer token.
     *
     * @param trustedClients the SHA-256 pins of the key service certificates this vault answers
     */
    record MutualTls(Identity identity, Set<CertificatePin> trustedClients) implements VaultTransport {
        /** @throws VaultException when no client certificate is trusted: the vault would refuse everyone */
        public MutualTls {
            Objects.requireNonNull(identity, "identity");
            trustedClients = Set.copyOf(trustedClients);
            if (trustedClients.isEmpty()) {
                throw new VaultException("the vault trusts no client certificate, so it would refuse every request: "
                        + "add the key service's certificate (sealpost vault client-certs --add FILE)");
            }
        }
    }

    /** Plain HTTP, authenticated by the bearer token alone: shares cross the network in the clear. */
    record InsecureHttp() implements VaultTransport {
    }
}
