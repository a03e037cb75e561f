package org.sealpost.ca.lint;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.sealpost.ca.profile.KeyFamily;

/** Subject public key rules, SBR section 6.1.5 and 6.1.6. */
public final class KeyRules {
    private KeyRules() {
    }

    private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(65537);
    private static final BigInteger MAX_EXPONENT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(
            X9ObjectIdentifiers.prime256v1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    public static final LintRule KEY_ALGORITHM_ALLOWED = new LintRule("e_spki_algorithm_allowed",
            "subject key is RSA or EC and the profile accepts that family (SBR 6.1.5)", t -> {
                Optional<KeyFamily> family = KeyFamily.of(t.tbs().getSubjectPublicKeyInfo());
                if (family.isEmpty()) {
                    return Optional.of("subject key algorithm " + t.tbs().getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm()
                            + " is neither RSA nor EC");
                }
                return t.profile().keyUsageFor(family.get()) == null
                        ? Optional.of("profile " + t.profile().name() + " does not accept " + family.get() + " keys")
                        : Optional.empty();
            });

    public static final LintRule RSA_MODULUS_MIN_2048 = new LintRule("e_rsa_mod_min_2048",
            "RSA modulus is at least 2048 bits (SBR 6.1.5)", t -> rsa(t).flatMap(k ->
                    k.getModulus().bitLength() < 2048
                            ? Optional.of("RSA modulus has " + k.getModulus().bitLength() + " bits, fewer than 2048")
                            : Optional.empty()));

    public static final LintRule RSA_MODULUS_MULTIPLE_OF_8 = new LintRule("e_rsa_mod_multiple_of_8",
            "RSA modulus size in bits is divisible by 8 (SBR 6.1.5)", t -> rsa(t).flatMap(k ->
                    k.getModulus().bitLength() % 8 != 0
                            ? Optional.of("RSA modulus has " + k.getModulus().bitLength() + " bits, not a multiple of 8")
                            : Optional.empty()));

    public static final LintRule RSA_EXPONENT_ODD = new LintRule("e_rsa_exp_odd",
            "RSA public exponent is odd (SBR 6.1.6)", t -> rsa(t).flatMap(k ->
                    !k.getPublicExponent().testBit(0) ? Optional.of("RSA public exponent is even") : Optional.empty()));

    public static final LintRule RSA_EXPONENT_RANGE = new LintRule("e_rsa_exp_range",
            "RSA public exponent is between 2^16+1 and 2^256-1 (SBR 6.1.6)", t -> rsa(t).flatMap(k -> {
                BigInteger e = k.getPublicExponent();
                return e.compareTo(MIN_EXPONENT) < 0 || e.compareTo(MAX_EXPONENT) > 0
                        ? Optional.of("RSA public exponent " + (e.bitLength() > 64 ? e.bitLength() + " bits long" : e)
                                + " is outside 65537..2^256-1")
                        : Optional.empty();
            }));

    public static final LintRule EC_CURVE_ALLOWED = new LintRule("e_ec_named_curve_allowed",
            "EC key is on P-256, P-384 or P-521, given as a named curve (SBR 6.1.5)", t -> {
                SubjectPublicKeyInfo spki = t.tbs().getSubjectPublicKeyInfo();
                if (KeyFamily.of(spki).orElse(null) != KeyFamily.EC) {
                    return Optional.empty();
                }
                var params = spki.getAlgorithm().getParameters();
                return params instanceof ASN1ObjectIdentifier curve && CURVES.contains(curve)
                        ? Optional.empty()
                        : Optional.of("EC key curve " + params + " is not P-256, P-384 or P-521 by name");
            });

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(KEY_ALGORITHM_ALLOWED, RSA_MODULUS_MIN_2048, RSA_MODULUS_MULTIPLE_OF_8, RSA_EXPONENT_ODD,
                RSA_EXPONENT_RANGE, EC_CURVE_ALLOWED);
    }

    private static Optional<RSAPublicKey> rsa(LintTarget t) {
        SubjectPublicKeyInfo spki = t.tbs().getSubjectPublicKeyInfo();
        if (KeyFamily.of(spki).orElse(null) != KeyFamily.RSA) {
            return Optional.empty();
        }
        try {
            return Optional.of(RSAPublicKey.getInstance(spki.parsePublicKey()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("RSA public key is not DER", e);
        }
    }
}
