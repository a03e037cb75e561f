package org.sealpost.core.smime.encrypt;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMECapabilities;
import org.bouncycastle.asn1.smime.SMIMECapability;

/**
 * What a recipient is known to read. Unknown recipients get what every S/MIME client reads
 * (AES-CBC, PKCS#1 v1.5); recipients known to be modern get AES-GCM and OAEP.
 *
 * @param authEnveloped reads AuthEnvelopedData with AES-GCM
 * @param oaep          reads RSAES-OAEP key transport
 */
public record Capabilities(boolean authEnveloped, boolean oaep) {
    /** Nothing is known: assume only the algorithms every client has. */
    public static final Capabilities UNKNOWN = new Capabilities(false, false);
    /** Reads AES-GCM and OAEP (Sealpost, current OpenSSL). */
    public static final Capabilities MODERN = new Capabilities(true, true);

    /** From the S/MIME Capabilities certificate extension (RFC 4262), if the certificate has one. */
    public static Optional<Capabilities> fromCertificate(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities.getId());
        if (ext == null) {
            return Optional.empty();
        }
        try {
            SMIMECapabilities caps = SMIMECapabilities.getInstance(
                    ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets()));
            boolean gcm = false;
            boolean oaep = false;
            for (Object o : caps.getCapabilities(null)) {
                SMIMECapability c = (SMIMECapability) o;
                var id = c.getCapabilityID();
                gcm |= id.equals(NISTObjectIdentifiers.id_aes256_GCM) || id.equals(NISTObjectIdentifiers.id_aes128_GCM);
                oaep |= id.equals(PKCSObjectIdentifiers.id_RSAES_OAEP);
            }
            return Optional.of(new Capabilities(gcm, oaep));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
