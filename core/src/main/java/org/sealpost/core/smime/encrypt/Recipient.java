package org.sealpost.core.smime.encrypt;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.sealpost.core.keys.Names;
import org.sealpost.core.keys.SubjectKeyIds;

/** Someone a message is encrypted to: by certificate, or by a bare public key named by its SubjectKeyIdentifier. */
public sealed interface Recipient permits Recipient.ByCertificate, Recipient.ByPublicKey {

    PublicKey publicKey();

    Capabilities capabilities();

    /** A short description for messages: subject or key identifier. */
    String describe();

    /** A recipient from a certificate; capabilities come from its S/MIME Capabilities extension if present. */
    static Recipient of(X509Certificate cert) {
        return new ByCertificate(cert, Capabilities.fromCertificate(cert).orElse(Capabilities.UNKNOWN));
    }

    /** A bare public key (e.g. a provisional key), identified by the RFC 5280 method-1 key identifier. */
    static Recipient of(PublicKey key) {
        return new ByPublicKey(key, SubjectKeyIds.of(key), Capabilities.UNKNOWN);
    }

    /** Identified by issuer and serial number of the certificate. */
    record ByCertificate(X509Certificate certificate, Capabilities capabilities) implements Recipient {
        public ByCertificate {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(capabilities, "capabilities");
        }

        @Override
        public PublicKey publicKey() {
            return certificate.getPublicKey();
        }

        @Override
        public String describe() {
            return Names.display(certificate.getSubjectX500Principal());
        }
    }

    /** Identified by SubjectKeyIdentifier only. */
    record ByPublicKey(PublicKey publicKey, byte[] subjectKeyId, Capabilities capabilities) implements Recipient {
        public ByPublicKey {
            Objects.requireNonNull(publicKey, "publicKey");
            subjectKeyId = subjectKeyId.clone();
            Objects.requireNonNull(capabilities, "capabilities");
        }

        @Override
        public byte[] subjectKeyId() {
            return subjectKeyId.clone();
        }

        @Override
        public String describe() {
            return "key " + java.util.HexFormat.of().formatHex(subjectKeyId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByPublicKey other && publicKey.equals(other.publicKey)
                    && java.util.Arrays.equals(subjectKeyId, other.subjectKeyId) && capabilities.equals(other.capabilities);
        }

        @Override
        public int hashCode() {
            return publicKey.hashCode();
        }

        @Override
        public String toString() {
            return "ByPublicKey[" + describe() + "]";
        }
    }
}
