package org.sealpost.core.smime.encrypt;

/** How the content key is wrapped for an RSA recipient. EC recipients always use ECDH key agreement. */
public enum KeyTransport {
    /** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017, RFC 4055). */
    OAEP("oaep"),
    /** RSAES-PKCS1-v1_5: only where the recipient cannot read OAEP. */
    PKCS1("pkcs1");

    private final String cliName;

    KeyTransport(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static KeyTransport fromCliName(String name) {
        for (KeyTransport k : values()) {
            if (k.cliName.equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown key transport '" + name + "' (expected oaep or pkcs1)");
    }
}
