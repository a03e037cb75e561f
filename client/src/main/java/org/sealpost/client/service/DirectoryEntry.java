package org.sealpost.client.service;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The directory's answer for one address.
 *
 * @param address      the address as the directory wrote it
 * @param certificates every currently valid encryption certificate, newest first
 * @param provisional  the address's provisional key when it has no certificate but one was made
 */
public record DirectoryEntry(String address, List<Published> certificates, Optional<ProvisionalKey> provisional) {
    public DirectoryEntry {
        certificates = List.copyOf(certificates);
    }

    /** A published certificate: {@code source} "issued" or "harvested", {@code level} "V1".."V4" or "external". */
    public record Published(X509Certificate certificate, String source, String level, Instant notAfter) {
    }

    /** An address's provisional key: encrypt to {@code publicKey}, naming it by {@code keyIdentifier}. */
    public record ProvisionalKey(String keyId, PublicKey publicKey, byte[] keyIdentifier, Instant expiresAt) {
    }
}
