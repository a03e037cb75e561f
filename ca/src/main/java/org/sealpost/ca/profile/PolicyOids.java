package org.sealpost.ca.profile;

/**
 * Certificate policy identifiers. The S/MIME ones are the CA/Browser Forum reserved OIDs for the
 * "strict" generation of each validation type (SBR section 7.1.6.1).
 */
public final class PolicyOids {
    private PolicyOids() {
    }

    /** Mailbox-validated, strict. */
    public static final String SBR_MAILBOX_STRICT = "2.23.140.1.5.1.3";
    /** Organization-validated, strict. */
    public static final String SBR_ORGANIZATION_STRICT = "2.23.140.1.5.2.3";
    /** Sponsor-validated, strict. */
    public static final String SBR_SPONSOR_STRICT = "2.23.140.1.5.3.3";
    /** Individual-validated, strict. */
    public static final String SBR_INDIVIDUAL_STRICT = "2.23.140.1.5.4.3";

    /**
     * PLACEHOLDER ARC for Sealpost's own policies, until the project has an IANA Private Enterprise
     * Number. It lies under 2.25 (ITU-T X.667: an OID made from a random UUID), so it needs no
     * registration and collides with nobody; replace the arc, not the sub-identifiers, once a PEN exists.
     */
    public static final String SEALPOST_ARC = "2.25.229576160601216241024082712720577108825";

    /** Sealpost timestamping policy: the TSA certificate's policy and the default TSA policy. */
    public static final String SEALPOST_TIMESTAMPING = SEALPOST_ARC + ".1.1";
}
