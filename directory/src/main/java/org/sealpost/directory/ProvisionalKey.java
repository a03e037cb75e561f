package org.sealpost.directory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.sealpost.core.keys.Pem;

/**
 * An address's provisional key: made by the key service for an address nobody has enrolled yet, its
 * private half kept for the owner. Senders encrypt to it by SubjectKeyIdentifier.
 *
 * @param address       the address's match key
 * @param keyId         the key service's id of the key
 * @param publicKey     SubjectPublicKeyInfo DER (copied in and out)
 * @param keyIdentifier RFC 5280 method-1 SubjectKeyIdentifier of the key, lower-case hex
 * @param createdAt     when the directory first handed it out (truncated to microseconds, as stored)
 * @param expiresAt     when it stops being offered if nobody has claimed it
 */
public record ProvisionalKey(String address, String keyId, byte[] publicKey, String keyIdentifier, Instant createdAt,
        Instant expiresAt) {

    public ProvisionalKey {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(keyId, "keyId");
        publicKey = publicKey.clone();
        Objects.requireNonNull(keyIdentifier, "keyIdentifier");
        // What both databases store, so that the key as made equals the key as read back.
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as PEM text ({@code PUBLIC KEY}, SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return Pem.encode(Pem.PUBLIC_KEY, publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProvisionalKey p && address.equals(p.address) && keyId.equals(p.keyId)
                && java.util.Arrays.equals(publicKey, p.publicKey) && keyIdentifier.equals(p.keyIdentifier)
                && createdAt.equals(p.createdAt) && expiresAt.equals(p.expiresAt);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "ProvisionalKey[" + address + ", " + keyId + ", ski " + keyIdentifier + ", until " + expiresAt + "]";
    }
}
