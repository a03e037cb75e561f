package org.sealpost.core.keys;

import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Distinguished names as people read them: {@code E=alice@example.org} rather than an OID and hex. */
public final class Names {
    private Names() {
    }

    public static String display(X500Principal principal) {
        return X500Name.getInstance(BCStyle.INSTANCE, principal.getEncoded()).toString();
    }
}
