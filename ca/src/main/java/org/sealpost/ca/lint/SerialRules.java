package org.sealpost.ca.lint;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Serial number rules, RFC 5280 4.1.2.2 and SBR 7.1 (at least 64 bits of CSPRNG output). */
public final class SerialRules {
    private SerialRules() {
    }

    public static final LintRule SERIAL_POSITIVE = new LintRule("e_serial_positive",
            "serial number is a positive integer (RFC 5280 4.1.2.2)", t ->
                    serial(t).signum() <= 0 ? Optional.of("serial number is zero or negative") : Optional.empty());

    public static final LintRule SERIAL_AT_LEAST_64_BITS = new LintRule("e_serial_min_64_bits",
            "serial number carries at least 64 bits (SBR 7.1: 64 bits of CSPRNG output)", t ->
                    serial(t).bitLength() < 64
                            ? Optional.of("serial number is only " + serial(t).bitLength() + " bits long")
                            : Optional.empty());

    public static final LintRule SERIAL_AT_MOST_20_OCTETS = new LintRule("e_serial_max_20_octets",
            "serial number encodes in at most 20 octets (RFC 5280 4.1.2.2)", t ->
                    serial(t).toByteArray().length > 20
                            ? Optional.of("serial number takes " + serial(t).toByteArray().length + " octets")
                            : Optional.empty());

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(SERIAL_POSITIVE, SERIAL_AT_LEAST_64_BITS, SERIAL_AT_MOST_20_OCTETS);
    }

    private static BigInteger serial(LintTarget t) {
        return t.tbs().getSerialNumber().getValue();
    }
}
