package org.sealpost.ca.revocation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Key identifiers of a CA certificate, as used in AKI extensions and OCSP responder IDs. */
final class KeyIdentifiers {
    private KeyIdentifiers() {
    }

    /**
     * The CA's subject key identifier: copied from its SKI extension when present, so the CRL's
     * AKI matches the AKI of the certificates it issued; otherwise the SHA-1 of the public key
     * bits (RFC 5280 section 4.2.1.2, method 1).
     */
    static byte[] subjectKeyId(X509Certificate ca) {
        byte[] ext = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            ASN1OctetString wrapped = ASN1OctetString.getInstance(ext);
            return ASN1OctetString.getInstance(wrapped.getOctets()).getOctets();
        }
        return sha1(publicKeyBits(ca));
    }

    /** The subjectPublicKey BIT STRING contents: what OCSP's issuerKeyHash and byKey hash. */
    static byte[] publicKeyBits(X509Certificate cert) {
        return SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
    }

    /** SHA-1 of the public key bits: the OCSP ResponderID byKey value (RFC 6960 section 4.2.1). */
    static byte[] keyHash(X509Certificate cert) {
        return sha1(publicKeyBits(cert));
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
