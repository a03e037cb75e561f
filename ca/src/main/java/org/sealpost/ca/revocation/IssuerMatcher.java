package org.sealpost.ca.revocation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * Decides whether an OCSP CertID names a given CA, by comparing issuerNameHash and issuerKeyHash
 * (RFC 6960 section 4.1.1) for SHA-1, SHA-256, SHA-384 and SHA-512. The hashes are computed once.
 */
final class IssuerMatcher {
    private record Hashes(byte[] name, byte[] key) {
    }

    private final Map<ASN1ObjectIdentifier, Hashes> byAlgorithm;

    IssuerMatcher(X509Certificate ca) {
        // The name hash covers the DER of the issuer's subject name exactly as encoded in its certificate.
        byte[] name = ca.getSubjectX500Principal().getEncoded();
        byte[] key = KeyIdentifiers.publicKeyBits(ca);
        byAlgorithm = Map.of(
                OIWObjectIdentifiers.idSHA1, hashes("SHA-1", name, key),
                NISTObjectIdentifiers.id_sha256, hashes("SHA-256", name, key),
                NISTObjectIdentifiers.id_sha384, hashes("SHA-384", name, key),
                NISTObjectIdentifiers.id_sha512, hashes("SHA-512", name, key));
    }

    /** Whether {@code id} was built from this CA; false for unsupported hash algorithms. */
    boolean matches(CertificateID id) {
        Hashes h = byAlgorithm.get(id.getHashAlgOID());
        return h != null
                && MessageDigest.isEqual(h.name(), id.getIssuerNameHash())
                && MessageDigest.isEqual(h.key(), id.getIssuerKeyHash());
    }

    private static Hashes hashes(String algorithm, byte[] name, byte[] key) {
        try {
            return new Hashes(MessageDigest.getInstance(algorithm).digest(name), MessageDigest.getInstance(algorithm).digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }
}
