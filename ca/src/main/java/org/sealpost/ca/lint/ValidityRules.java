package org.sealpost.ca.lint;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.sealpost.ca.profile.CaPolicy;

/**
 * Validity period rules. The period counts both ends (RFC 5280 4.1.2.5, SBR 6.3.2), so a certificate
 * of lifetime L runs from notBefore to notBefore + L - 1 second.
 */
public final class ValidityRules {
    private ValidityRules() {
    }

    public static final LintRule VALIDITY_ORDERED = new LintRule("e_validity_not_after_after_not_before",
            "notAfter is later than notBefore", t ->
                    period(t).isNegative() || period(t).isZero()
                            ? Optional.of("notAfter is not after notBefore") : Optional.empty());

    public static final LintRule VALIDITY_WITHIN_PROFILE = new LintRule("e_validity_within_profile_lifetime",
            "validity period is at most the lifetime configured for the profile", t ->
                    period(t).compareTo(t.maxValidity()) > 0
                            ? Optional.of("validity period of " + days(period(t)) + " exceeds the " + days(t.maxValidity())
                                    + " allowed for profile " + t.profile().name())
                            : Optional.empty());

    public static final LintRule VALIDITY_CABF_825 = new LintRule("e_validity_cabf_max_825_days",
            "with cabfStrict: validity period is at most 825 days (SBR 6.3.2)", t ->
                    t.cabfStrict() && period(t).compareTo(CaPolicy.CABF_MAX_VALIDITY) > 0
                            ? Optional.of("validity period of " + days(period(t)) + " exceeds the CA/Browser Forum maximum of 825 days")
                            : Optional.empty());

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(VALIDITY_ORDERED, VALIDITY_WITHIN_PROFILE, VALIDITY_CABF_825);
    }

    /** notAfter - notBefore + 1 second. */
    static Duration period(LintTarget t) {
        return Duration.between(t.tbs().getStartDate().getDate().toInstant(), t.tbs().getEndDate().getDate().toInstant())
                .plusSeconds(1);
    }

    private static String days(Duration d) {
        long s = d.toSeconds();
        return s % 86400 == 0 ? (s / 86400) + " days" : String.format("%.2f days", s / 86400.0);
    }
}
