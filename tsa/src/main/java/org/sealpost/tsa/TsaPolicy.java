package org.sealpost.tsa;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * What the TSA promises in every token and what it accepts.
 *
 * @param policy             the TSA policy OID put into every token (RFC 3161 section 2.4.2); a
 *                           request naming another policy is rejected with unacceptedPolicy
 * @param accuracy           the bound on the difference between genTime and UTC; at least 1 ms,
 *                           whole microseconds. Tokens carry it in the accuracy field.
 * @param acceptedAlgorithms imprint hash algorithms accepted; others get badAlg
 * @param ordering           the ordering field: false, because tokens from several TSA instances
 *                           behind one URL cannot be ordered by genTime alone
 */
public record TsaPolicy(ASN1ObjectIdentifier policy, Duration accuracy, Set<ImprintAlgorithm> acceptedAlgorithms,
                        boolean ordering) {

    /**
     * PLACEHOLDER arc for Sealpost's own OIDs: a UUID-derived OID (ITU-T X.667, arc 2.25) that is
     * unique without registration, used until Sealpost obtains an IANA Private Enterprise Number.
     * A production TSA must publish a TSA policy document and should use an OID from its
     * operator's own arc instead.
     */
    public static final String SEALPOST_PLACEHOLDER_ARC = "2.25.229576160601216241024082712720577108825";

    /**
     * PLACEHOLDER default TSA policy OID: {@link #SEALPOST_PLACEHOLDER_ARC}.1.1, the same OID the CA's
     * timestamping profile asserts in the TSA certificate (ca's PolicyOids.SEALPOST_TIMESTAMPING).
     */
    public static final ASN1ObjectIdentifier DEFAULT_POLICY = new ASN1ObjectIdentifier(SEALPOST_PLACEHOLDER_ARC + ".1.1");

    /** Validates the components. */
    public TsaPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(accuracy, "accuracy");
        Objects.requireNonNull(acceptedAlgorithms, "acceptedAlgorithms");
        if (accuracy.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("accuracy must be at least 1 ms, got " + accuracy);
        }
        if (accuracy.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("accuracy is expressed in whole microseconds, got " + accuracy);
        }
        if (accuracy.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("accuracy is unreasonably large: " + accuracy);
        }
        if (acceptedAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one imprint algorithm must be accepted");
        }
        acceptedAlgorithms = Set.copyOf(EnumSet.copyOf(acceptedAlgorithms));
    }

    /** The placeholder policy OID, 1 s accuracy, SHA-256/384/512, no ordering. */
    public static TsaPolicy defaults() {
        return new TsaPolicy(DEFAULT_POLICY, Duration.ofSeconds(1), EnumSet.allOf(ImprintAlgorithm.class), false);
    }

    /** The same settings with another policy OID. */
    public TsaPolicy withPolicy(ASN1ObjectIdentifier oid) {
        return new TsaPolicy(oid, accuracy, acceptedAlgorithms, ordering);
    }

    /** The same settings with another accuracy. */
    public TsaPolicy withAccuracy(Duration d) {
        return new TsaPolicy(policy, d, acceptedAlgorithms, ordering);
    }
}
