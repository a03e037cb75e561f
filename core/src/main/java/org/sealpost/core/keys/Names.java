package org.sealpost.core.keys;

import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Distinguished names as people read them: {@code E=alice@example.org} rather than an OID and hex. */
public final class Names {
    private Names() {
    }

    public static String display(X500Principal principal) {
        try {
            return X500Name.getInstance(BCStyle.INSTANCE, principal.getEncoded()).toString();
        } catch (RuntimeException e) {
            // A damaged string inside the name (e.g. invalid UTF-8): the JDK's rendering escapes it.
            return principal.getName();
        }
    }
}
