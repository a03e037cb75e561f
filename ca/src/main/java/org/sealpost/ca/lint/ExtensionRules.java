package org.sealpost.ca.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.sealpost.ca.profile.KeyFamily;

/** Extension rules: key usage, EKU, policies, AKI/SKI, CRL DP, AIA (SBR 7.1.2.3). */
public final class ExtensionRules {
    private ExtensionRules() {
    }

    /** EKUs an S/MIME subscriber certificate must never carry (SBR 7.1.2.3 f). */
    private static final Map<ASN1ObjectIdentifier, String> FORBIDDEN_SMIME_EKUS = Map.of(
            KeyPurposeId.id_kp_serverAuth.toOID(), "serverAuth",
            KeyPurposeId.id_kp_codeSigning.toOID(), "codeSigning",
            KeyPurposeId.anyExtendedKeyUsage.toOID(), "anyExtendedKeyUsage",
            KeyPurposeId.id_kp_timeStamping.toOID(), "timeStamping",
            KeyPurposeId.id_kp_OCSPSigning.toOID(), "OCSPSigning");

    private static final Set<ASN1ObjectIdentifier> KNOWN_EXTENSIONS = Set.of(Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.subjectAlternativeName, Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier,
            Extension.cRLDistributionPoints, Extension.authorityInfoAccess, Extension.certificatePolicies,
            Extension.basicConstraints);

    public static final LintRule KEY_USAGE_CRITICAL = new LintRule("e_key_usage_present_critical",
            "keyUsage is present and critical (SBR 7.1.2.3 e)", t -> {
                Optional<Extension> ku = t.extension(Extension.keyUsage);
                if (ku.isEmpty()) {
                    return Optional.of("keyUsage extension is missing");
                }
                return ku.get().isCritical() ? Optional.empty() : Optional.of("keyUsage extension is not critical");
            });

    public static final LintRule KEY_USAGE_MATCHES_PROFILE = new LintRule("e_key_usage_matches_profile",
            "keyUsage bits are exactly those of the profile for the subject key family", t -> {
                Optional<Extension> ku = t.extension(Extension.keyUsage);
                Optional<KeyFamily> family = KeyFamily.of(t.tbs().getSubjectPublicKeyInfo());
                if (ku.isEmpty() || family.isEmpty() || t.profile().keyUsageFor(family.get()) == null) {
                    return Optional.empty(); // reported by e_key_usage_present_critical / e_spki_algorithm_allowed
                }
                int actual = ASN1BitString.getInstance(ku.get().getParsedValue()).intValue();
                int expected = t.profile().keyUsageFor(family.get());
                return actual == expected ? Optional.empty()
                        : Optional.of("keyUsage bits 0x" + Integer.toHexString(actual) + " differ from the profile's 0x"
                                + Integer.toHexString(expected) + " for " + family.get() + " keys");
            });

    public static final LintRule EKU_MATCHES_PROFILE = new LintRule("e_eku_matches_profile",
            "extendedKeyUsage holds exactly the profile's purposes, critical as the profile says (SBR 7.1.2.3 f, RFC 3161 2.3)", t -> {
                Optional<Extension> ext = t.extension(Extension.extendedKeyUsage);
                if (ext.isEmpty()) {
                    return Optional.of("extendedKeyUsage extension is missing");
                }
                Set<String> actual = ekus(ext.get()).stream().map(ASN1ObjectIdentifier::getId).collect(Collectors.toSet());
                if (!actual.equals(Set.copyOf(t.profile().extendedKeyUsages()))) {
                    return Optional.of("extendedKeyUsage " + actual + " differs from the profile's " + t.profile().extendedKeyUsages());
                }
                return ext.get().isCritical() == t.profile().ekuCritical() ? Optional.empty()
                        : Optional.of("extendedKeyUsage must " + (t.profile().ekuCritical() ? "" : "not ") + "be critical");
            });

    public static final LintRule EKU_FORBIDDEN_FOR_SMIME = new LintRule("e_eku_forbidden_purposes",
            "an S/MIME certificate carries no serverAuth, codeSigning, timeStamping, OCSPSigning or anyExtendedKeyUsage (SBR 7.1.2.3 f)", t -> {
                if (!t.profile().purpose().isSmime()) {
                    return Optional.empty();
                }
                List<String> bad = t.extension(Extension.extendedKeyUsage).map(ExtensionRules::ekus).orElse(List.of()).stream()
                        .filter(FORBIDDEN_SMIME_EKUS::containsKey).map(FORBIDDEN_SMIME_EKUS::get).toList();
                return bad.isEmpty() ? Optional.empty() : Optional.of("forbidden extended key usage: " + String.join(", ", bad));
            });

    public static final LintRule POLICY_PRESENT = new LintRule("e_policy_oid_present",
            "certificatePolicies is present, non-critical and asserts the profile's policy OID (SBR 7.1.6.4)", t -> {
                Optional<Extension> ext = t.extension(Extension.certificatePolicies);
                if (ext.isEmpty()) {
                    return Optional.of("certificatePolicies extension is missing");
                }
                if (ext.get().isCritical()) {
                    return Optional.of("certificatePolicies must not be critical");
                }
                boolean found = Arrays.stream(CertificatePolicies.getInstance(ext.get().getParsedValue()).getPolicyInformation())
                        .map(PolicyInformation::getPolicyIdentifier)
                        .anyMatch(o -> o.getId().equals(t.profile().policyOid()));
                return found ? Optional.empty() : Optional.of("policy " + t.profile().policyOid() + " is not asserted");
            });

    public static final LintRule AKI_PRESENT = new LintRule("e_aki_key_id_present",
            "authorityKeyIdentifier with a keyIdentifier is present and non-critical (RFC 5280 4.2.1.1)", t -> {
                Optional<Extension> ext = t.extension(Extension.authorityKeyIdentifier);
                if (ext.isEmpty()) {
                    return Optional.of("authorityKeyIdentifier extension is missing");
                }
                if (ext.get().isCritical()) {
                    return Optional.of("authorityKeyIdentifier must not be critical");
                }
                return AuthorityKeyIdentifier.getInstance(ext.get().getParsedValue()).getKeyIdentifierObject() == null
                        ? Optional.of("authorityKeyIdentifier has no keyIdentifier") : Optional.empty();
            });

    public static final LintRule SKI_PRESENT = new LintRule("e_ski_present",
            "subjectKeyIdentifier is present and non-critical (RFC 5280 4.2.1.2)", t -> {
                Optional<Extension> ext = t.extension(Extension.subjectKeyIdentifier);
                if (ext.isEmpty()) {
                    return Optional.of("subjectKeyIdentifier extension is missing");
                }
                SubjectKeyIdentifier.getInstance(ext.get().getParsedValue());
                return ext.get().isCritical() ? Optional.of("subjectKeyIdentifier must not be critical") : Optional.empty();
            });

    public static final LintRule CRL_DP_HTTP = new LintRule("e_crl_distribution_point_http",
            "cRLDistributionPoints holds an http:// URI and is non-critical (SBR 7.1.2.3 b)", t -> {
                Optional<Extension> ext = t.extension(Extension.cRLDistributionPoints);
                if (ext.isEmpty()) {
                    return Optional.of("cRLDistributionPoints extension is missing");
                }
                if (ext.get().isCritical()) {
                    return Optional.of("cRLDistributionPoints must not be critical");
                }
                List<String> uris = new ArrayList<>();
                for (DistributionPoint dp : CRLDistPoint.getInstance(ext.get().getParsedValue()).getDistributionPoints()) {
                    DistributionPointName name = dp.getDistributionPoint();
                    if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                        uris.addAll(uris(GeneralNames.getInstance(name.getName()).getNames()));
                    }
                }
                return uris.stream().anyMatch(ExtensionRules::isHttp) ? Optional.empty()
                        : Optional.of("no http:// CRL distribution point (found " + uris + ")");
            });

    public static final LintRule AIA_OCSP_HTTP = new LintRule("e_aia_ocsp_http",
            "authorityInformationAccess names an http:// OCSP responder (SBR 7.1.2.3 c)", t -> aia(t, AccessDescription.id_ad_ocsp, "OCSP"));

    public static final LintRule AIA_CA_ISSUERS_HTTP = new LintRule("e_aia_ca_issuers_http",
            "authorityInformationAccess names an http:// caIssuers URL (SBR 7.1.2.3 c)", t -> aia(t, AccessDescription.id_ad_caIssuers, "caIssuers"));

    public static final LintRule NOT_A_CA = new LintRule("e_basic_constraints_not_ca",
            "basicConstraints, if present, says cA=FALSE (SBR 7.1.2.3 d)", t -> t.extension(Extension.basicConstraints)
                    .filter(e -> BasicConstraints.getInstance(e.getParsedValue()).isCA())
                    .map(e -> "basicConstraints marks an end-entity certificate as a CA"));

    public static final LintRule NO_UNEXPECTED_EXTENSIONS = new LintRule("e_no_unexpected_extensions",
            "only extensions the profiles define are present (SBR 7.1.2.3 'other extensions')", t -> {
                if (t.tbs().getExtensions() == null) {
                    return Optional.empty();
                }
                List<String> extra = Arrays.stream(t.tbs().getExtensions().getExtensionOIDs())
                        .filter(o -> !KNOWN_EXTENSIONS.contains(o)).map(ASN1ObjectIdentifier::getId).toList();
                return extra.isEmpty() ? Optional.empty() : Optional.of("unexpected extensions " + extra);
            });

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(KEY_USAGE_CRITICAL, KEY_USAGE_MATCHES_PROFILE, EKU_MATCHES_PROFILE, EKU_FORBIDDEN_FOR_SMIME,
                POLICY_PRESENT, AKI_PRESENT, SKI_PRESENT, CRL_DP_HTTP, AIA_OCSP_HTTP, AIA_CA_ISSUERS_HTTP, NOT_A_CA,
                NO_UNEXPECTED_EXTENSIONS);
    }

    private static List<ASN1ObjectIdentifier> ekus(Extension ext) {
        return Arrays.stream(ExtendedKeyUsage.getInstance(ext.getParsedValue()).getUsages()).map(KeyPurposeId::toOID).toList();
    }

    private static Optional<String> aia(LintTarget t, ASN1ObjectIdentifier method, String what) {
        Optional<Extension> ext = t.extension(Extension.authorityInfoAccess);
        if (ext.isEmpty()) {
            return Optional.of("authorityInformationAccess extension is missing");
        }
        if (ext.get().isCritical()) {
            return Optional.of("authorityInformationAccess must not be critical");
        }
        List<GeneralName> names = Arrays.stream(AuthorityInformationAccess.getInstance(ext.get().getParsedValue()).getAccessDescriptions())
                .filter(d -> d.getAccessMethod().equals(method)).map(AccessDescription::getAccessLocation).toList();
        return uris(names.toArray(GeneralName[]::new)).stream().anyMatch(ExtensionRules::isHttp) ? Optional.empty()
                : Optional.of("no http:// " + what + " URL in authorityInformationAccess");
    }

    private static List<String> uris(GeneralName[] names) {
        return Arrays.stream(names).filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(n -> ((ASN1String) n.getName()).getString()).toList();
    }

    private static boolean isHttp(String uri) {
        return uri.regionMatches(true, 0, "http://", 0, 7) && uri.length() > 7;
    }
}
