package org.sealpost.ca.revocation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.CRLReason;

/**
 * The RFC 5280 CRLReason values Sealpost may put into a CRL or an OCSP response.
 *
 * <p>The S/MIME Baseline Requirements (section 7.2.2) allow only these for subscriber
 * certificates, plus {@link #CA_COMPROMISE} which only makes sense for a CA certificate.
 * {@code certificateHold} is deliberately absent: the BR forbid suspension, and a hold that is
 * later released would make a CRL entry disappear, which relying parties cannot cope with.
 * {@code removeFromCRL} (delta CRLs only) and {@code aACompromise} (attribute certificates) are
 * likewise absent.
 */
public enum RevocationReason {
    /** No reason given. Encoded by omitting the reason code (RFC 5280 section 5.3.1). */
    UNSPECIFIED(CRLReason.unspecified, "unspecified"),
    /** The subscriber's private key was, or is suspected to be, compromised. */
    KEY_COMPROMISE(CRLReason.keyCompromise, "keyCompromise"),
    /** A CA's private key was compromised: only for CA certificates. */
    CA_COMPROMISE(CRLReason.cACompromise, "cACompromise"),
    /** The subject's name or other information in the certificate changed. */
    AFFILIATION_CHANGED(CRLReason.affiliationChanged, "affiliationChanged"),
    /** The certificate was replaced by a new one. */
    SUPERSEDED(CRLReason.superseded, "superseded"),
    /** The certificate is no longer needed, e.g. the mailbox was closed. */
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation, "cessationOfOperation"),
    /** The CA withdrew the subscriber's right to the certificate, e.g. for a violated agreement. */
    PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn, "privilegeWithdrawn");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The CRLReason enumerated value, e.g. 1 for keyCompromise. */
    public int code() {
        return code;
    }

    /** The name RFC 5280 gives the value, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /** Kebab-case spelling for command lines and configuration, e.g. {@code key-compromise}. */
    public String kebabName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the reason may be used for an end-entity (subscriber) certificate. */
    public boolean allowedForSubscriber() {
        return this != CA_COMPROMISE;
    }

    /**
     * The reason named by {@code text}: an RFC 5280 name in any case ({@code keyCompromise},
     * {@code KEYCOMPROMISE}) or kebab/snake case ({@code key-compromise}, {@code KEY_COMPROMISE}).
     *
     * @throws IllegalArgumentException naming the valid values when {@code text} names none
     */
    public static RevocationReason parse(String text) {
        if (text != null) {
            String wanted = normalise(text);
            for (RevocationReason r : values()) {
                if (normalise(r.rfcName).equals(wanted)) {
                    return r;
                }
            }
        }
        String valid = Arrays.stream(values()).map(r -> r.rfcName + " (" + r.kebabName() + ")")
                .collect(Collectors.joining(", "));
        String shown = text == null ? "nothing" : "'" + printable(text) + "'";
        String extra = text != null && normalise(text).equals("certificatehold")
                ? " (certificateHold is not allowed: the S/MIME Baseline Requirements forbid suspension)" : "";
        throw new IllegalArgumentException("unknown revocation reason " + shown + extra + "; valid reasons: " + valid);
    }

    private static String normalise(String s) {
        return s.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Keeps an error message on one line and short, whatever the caller passed in. */
    private static String printable(String s) {
        String cleaned = s.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
