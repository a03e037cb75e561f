package org.sealpost.core.smime.sign;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/** Digests the engine signs with. SHA-1 and MD5 are deliberately absent. */
public enum DigestAlgorithm {
    SHA256("SHA256", "sha-256", NISTObjectIdentifiers.id_sha256),
    SHA384("SHA384", "sha-384", NISTObjectIdentifiers.id_sha384),
    SHA512("SHA512", "sha-512", NISTObjectIdentifiers.id_sha512);

    private final String jcaPrefix;
    private final String micalg;
    private final ASN1ObjectIdentifier oid;

    DigestAlgorithm(String jcaPrefix, String micalg, ASN1ObjectIdentifier oid) {
        this.jcaPrefix = jcaPrefix;
        this.micalg = micalg;
        this.oid = oid;
    }

    /** The JCA signature algorithm name for a key algorithm, e.g. SHA256withRSA. */
    public String signatureAlgorithm(String keyAlgorithm) {
        String k = switch (keyAlgorithm) {
            case "EC", "ECDSA" -> "ECDSA";
            case "RSA" -> "RSA";
            case "DSA" -> "DSA";
            default -> keyAlgorithm;
        };
        return jcaPrefix + "with" + k;
    }

    /** The micalg parameter of multipart/signed (RFC 8551 section 3.5.3.2). */
    public String micalg() {
        return micalg;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }
}
