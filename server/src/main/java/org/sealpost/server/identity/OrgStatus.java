package org.sealpost.server.identity;

import java.util.Locale;

/** Where an organization stands: V3 and V4 certificates are issued only once it is {@link #APPROVED}. */
public enum OrgStatus {
    /** Waits for domain control and the operator's review. */
    PENDING,
    /** Domain control proven and the details approved by an operator. */
    APPROVED,
    /** Refused by an operator; new details make it pending again. */
    REJECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OrgStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
