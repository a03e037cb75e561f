package org.sealpost.core.keys;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** SubjectKeyIdentifier values: the certificate's own extension and the RFC 5280 method-1 hash of a key. */
public final class SubjectKeyIds {
    private SubjectKeyIds() {
    }

    /** RFC 5280 section 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bit string. */
    public static byte[] of(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key).getKeyIdentifier();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** Every identifier a recipient might use for this certificate: its SKI extension and the computed one. */
    public static Set<ByteKey> candidates(X509Certificate cert) {
        Set<ByteKey> ids = new LinkedHashSet<>();
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
            ids.add(new ByteKey(SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier()));
        }
        ids.add(new ByteKey(of(cert.getPublicKey())));
        return ids;
    }

    /** A byte array with value equality, for set membership. */
    public record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
