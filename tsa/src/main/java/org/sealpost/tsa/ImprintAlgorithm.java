package org.sealpost.tsa;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * Hash algorithms a message imprint may use. SHA-1 and MD5 are deliberately absent: a timestamp
 * over a collidable hash proves nothing about the document.
 */
public enum ImprintAlgorithm {
    /** SHA-256, 32-byte imprint. */
    SHA256(NISTObjectIdentifiers.id_sha256, 32, "SHA-256"),
    /** SHA-384, 48-byte imprint. */
    SHA384(NISTObjectIdentifiers.id_sha384, 48, "SHA-384"),
    /** SHA-512, 64-byte imprint. */
    SHA512(NISTObjectIdentifiers.id_sha512, 64, "SHA-512");

    private final ASN1ObjectIdentifier oid;
    private final int length;
    private final String displayName;

    ImprintAlgorithm(ASN1ObjectIdentifier oid, int length, String displayName) {
        this.oid = oid;
        this.length = length;
        this.displayName = displayName;
    }

    /** The algorithm's object identifier. */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Length of a hash value in bytes. */
    public int length() {
        return length;
    }

    /** Name for messages, e.g. SHA-256. */
    public String displayName() {
        return displayName;
    }

    /** The algorithm with this identifier, if it is one of these. */
    public static Optional<ImprintAlgorithm> forOid(ASN1ObjectIdentifier oid) {
        for (ImprintAlgorithm a : values()) {
            if (a.oid.equals(oid)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
