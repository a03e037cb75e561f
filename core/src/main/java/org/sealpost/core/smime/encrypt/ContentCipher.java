package org.sealpost.core.smime.encrypt;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;

/** Content-encryption algorithms the engine writes. */
public enum ContentCipher {
    /** AuthEnvelopedData (RFC 5083/5084): authenticated, the default where every recipient reads it. */
    AES256_GCM("aes256-gcm", CMSAlgorithm.AES256_GCM),
    /** EnvelopedData with AES-256-CBC: what every S/MIME client reads. */
    AES256_CBC("aes256-cbc", CMSAlgorithm.AES256_CBC);

    private final String cliName;
    private final ASN1ObjectIdentifier oid;

    ContentCipher(String cliName, ASN1ObjectIdentifier oid) {
        this.cliName = cliName;
        this.oid = oid;
    }

    public String cliName() {
        return cliName;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Parses a CLI name such as {@code aes256-gcm}. */
    public static ContentCipher fromCliName(String name) {
        for (ContentCipher c : values()) {
            if (c.cliName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cipher '" + name + "' (expected aes256-gcm or aes256-cbc)");
    }
}
