package org.sealpost.ca.profile;

import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The kinds of subject key a profile distinguishes; the key usage of an encryption certificate depends on it. */
public enum KeyFamily {
    RSA,
    EC;

    /** The family of a subject public key, or empty for anything else (DSA, Ed25519, ...). */
    public static Optional<KeyFamily> of(SubjectPublicKeyInfo spki) {
        var oid = spki.getAlgorithm().getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return Optional.of(RSA);
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return Optional.of(EC);
        }
        return Optional.empty();
    }
}
