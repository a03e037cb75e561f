package org.sealpost.core.smime.cms;

import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;

/** Human-readable names for the OIDs and identifiers the engine reports. */
public final class CmsNames {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(CMSAlgorithm.AES128_CBC.getId(), "aes128-cbc"),
            Map.entry(CMSAlgorithm.AES192_CBC.getId(), "aes192-cbc"),
            Map.entry(CMSAlgorithm.AES256_CBC.getId(), "aes256-cbc"),
            Map.entry(CMSAlgorithm.AES128_GCM.getId(), "aes128-gcm"),
            Map.entry(CMSAlgorithm.AES192_GCM.getId(), "aes192-gcm"),
            Map.entry(CMSAlgorithm.AES256_GCM.getId(), "aes256-gcm"),
            Map.entry(CMSAlgorithm.DES_EDE3_CBC.getId(), "3des-cbc"),
            Map.entry(CMSAlgorithm.RC2_CBC.getId(), "rc2-cbc"),
            Map.entry(PKCSObjectIdentifiers.rsaEncryption.getId(), "rsa-pkcs1"),
            Map.entry(PKCSObjectIdentifiers.id_RSAES_OAEP.getId(), "rsa-oaep"),
            Map.entry(CMSAlgorithm.ECDH_SHA1KDF.getId(), "ecdh-sha1kdf"),
            Map.entry(CMSAlgorithm.ECDH_SHA256KDF.getId(), "ecdh-sha256kdf"),
            Map.entry(CMSAlgorithm.ECDH_SHA384KDF.getId(), "ecdh-sha384kdf"),
            Map.entry(CMSAlgorithm.ECDH_SHA512KDF.getId(), "ecdh-sha512kdf"),
            Map.entry(OIWObjectIdentifiers.idSHA1.getId(), "sha-1"),
            Map.entry(PKCSObjectIdentifiers.md5.getId(), "md5"),
            Map.entry(NISTObjectIdentifiers.id_sha224.getId(), "sha-224"),
            Map.entry(NISTObjectIdentifiers.id_sha256.getId(), "sha-256"),
            Map.entry(NISTObjectIdentifiers.id_sha384.getId(), "sha-384"),
            Map.entry(NISTObjectIdentifiers.id_sha512.getId(), "sha-512"),
            Map.entry(X9ObjectIdentifiers.id_dsa.getId(), "dsa"),
            Map.entry(X9ObjectIdentifiers.id_ecPublicKey.getId(), "ec"));

    private CmsNames() {
    }

    /** A content-encryption algorithm name, or the OID when unknown. */
    public static String cipher(String oid) {
        return NAMES.getOrDefault(oid, oid);
    }

    /** Any algorithm name known here, or the OID. */
    public static String algorithm(String oid) {
        return NAMES.getOrDefault(oid, oid);
    }

    /** "issuer=..., serial=..." or "ski=..." for a recipient identifier. */
    public static String recipient(RecipientId rid) {
        if (rid instanceof KeyTransRecipientId kt) {
            return id(kt.getIssuer(), kt.getSerialNumber(), kt.getSubjectKeyIdentifier());
        }
        if (rid instanceof KeyAgreeRecipientId ka) {
            return id(ka.getIssuer(), ka.getSerialNumber(), ka.getSubjectKeyIdentifier());
        }
        return "recipient of type " + rid.getType();
    }

    private static String id(X500Name issuer, java.math.BigInteger serial, byte[] ski) {
        if (issuer != null && serial != null) {
            return "issuer=" + name(issuer) + ", serial=" + serial.toString(16);
        }
        return ski != null ? "ski=" + HexFormat.of().formatHex(ski) : "unidentified";
    }

    /**
     * A distinguished name as text. Bouncy Castle parses the attributes of a name only when it is
     * printed or compared, so a damaged name from a message fails here; it is shown as unreadable.
     */
    public static String name(X500Name name) {
        try {
            return name.toString();
        } catch (RuntimeException e) {
            return "(unreadable name)";
        }
    }
}
