package org.sealpost.ca.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.SubjectAttributes;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CertificateProfile;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.profile.SubjectAttribute;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;

/** Each lint rule rejects its bad case; certificates the CA issues pass every rule. */
class CertificateLinterTest {
    private static final Profiles PROFILES = Profiles.standard();
    private static final CertificateLinter LINTER = CertificateLinter.standard();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TBSCertificate goodV1;
    private static TBSCertificate goodV2;

    @BeforeAll
    static void issueGoodCertificates() throws Exception {
        CertificateAuthority ca = TestCa.create(CaAlgorithm.EC).authority();
        goodV1 = tbs(ca.issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1)
                .withEmails(List.of("alice@example.org"))).certificate());
        goodV2 = tbs(ca.issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V2)
                .withEmails(List.of("alice@example.org"))
                .withSubject(SubjectAttributes.none().with(SubjectAttribute.GIVEN_NAME, "Alice")
                        .with(SubjectAttribute.SURNAME, "Example").with(SubjectAttribute.LOCALITY, "Bern")
                        .with(SubjectAttribute.COUNTRY, "CH"))).certificate());
    }

    private static TBSCertificate tbs(java.security.cert.X509Certificate c) throws Exception {
        return TBSCertificate.getInstance(c.getTBSCertificate());
    }

    /** One bad case per rule: the rule's name, the profile, and the one change that breaks it. */
    record Case(String rule, String profile, boolean v2, Function<TbsMutator, TbsMutator> change) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<Case> badCases() throws Exception {
        String v1 = Profiles.SIGNING_V1;
        return Stream.of(
                new Case("e_spki_algorithm_allowed", v1, false, m -> m.key(ed25519())),
                new Case("e_rsa_mod_min_2048", v1, false, m -> m.key(rsa(1024, BigInteger.valueOf(65537)))),
                new Case("e_rsa_mod_multiple_of_8", v1, false, m -> m.key(rsa(2052, BigInteger.valueOf(65537)))),
                new Case("e_rsa_exp_odd", v1, false, m -> m.key(rsa(2048, BigInteger.valueOf(65538)))),
                new Case("e_rsa_exp_range", v1, false, m -> m.key(rsa(2048, BigInteger.valueOf(3)))),
                new Case("e_ec_named_curve_allowed", v1, false, m -> m.key(new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1), new byte[65]))),
                new Case("e_signature_algorithm_allowed", v1, false, m -> m.signature(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption, DERNull.INSTANCE))),
                new Case("e_serial_positive", v1, false, m -> m.serial(BigInteger.TWO.pow(100).negate())),
                new Case("e_serial_min_64_bits", v1, false, m -> m.serial(BigInteger.valueOf(12345))),
                new Case("e_serial_max_20_octets", v1, false, m -> m.serial(BigInteger.TWO.pow(170))),
                new Case("e_validity_not_after_after_not_before", v1, false, m -> m.validity(Duration.ofDays(-1))),
                new Case("e_validity_within_profile_lifetime", v1, false, m -> m.validity(Duration.ofDays(366))),
                new Case("e_validity_cabf_max_825_days", null, false, m -> m.validity(Duration.ofDays(826))),
                new Case("e_key_usage_present_critical", v1, false, m -> m.extension(Extension.keyUsage, false,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))),
                new Case("e_key_usage_matches_profile", v1, false, m -> m.extension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))),
                new Case("e_eku_matches_profile", v1, false, m -> m.extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))),
                new Case("e_eku_forbidden_purposes", v1, false, m -> m.extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_serverAuth}))),
                new Case("e_policy_oid_present", v1, false, m -> m.extension(Extension.certificatePolicies, false,
                        new CertificatePolicies(new PolicyInformation(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.23.140.1.5.1.1"))))),
                new Case("e_aki_key_id_present", v1, false, m -> m.without(Extension.authorityKeyIdentifier)),
                new Case("e_ski_present", v1, false, m -> m.without(Extension.subjectKeyIdentifier)),
                new Case("e_crl_distribution_point_http", v1, false, m -> m.extension(Extension.cRLDistributionPoints, false,
                        CertificateAuthority.crlDistributionPoint("ldap://ldap.example.org/cn=crl"))),
                new Case("e_aia_ocsp_http", v1, false, m -> m.extension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_caIssuers,
                                uri("http://localhost:8080/ca/issuing.cer"))))),
                new Case("e_aia_ca_issuers_http", v1, false, m -> m.extension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_ocsp,
                                uri("http://localhost:8080/ocsp"))))),
                new Case("e_basic_constraints_not_ca", v1, false, m -> m.extension(Extension.basicConstraints, true,
                        new BasicConstraints(true))),
                new Case("e_no_unexpected_extensions", v1, false, m -> m.extension(Extension.privateKeyUsagePeriod, false,
                        new org.bouncycastle.asn1.DERSequence())),
                new Case("e_san_mailbox_present", v1, false, m -> m.without(Extension.subjectAlternativeName)),
                new Case("e_san_only_mailbox_names", v1, false, m -> m.extension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.rfc822Name, "alice@example.org"),
                            new GeneralName(GeneralName.dNSName, "example.org")}))),
                new Case("e_rfc822_name_ascii_a_label", v1, false, m -> m.extension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.rfc822Name, "alice@example.org"),
                            new GeneralName(GeneralName.rfc822Name, "bob@bücher.example")}))),
                new Case("e_smtputf8_mailbox_only_non_ascii_local_part", v1, false, m -> m.extension(
                        Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.otherName,
                                new OtherName(MailboxAddress.SMTP_UTF8_MAILBOX, new DERUTF8String("alice@example.org")))))),
                new Case("e_subject_email_in_san", v1, false, m -> m.subject(new X500Name("CN=bob@example.org"))),
                new Case("e_subject_required_attributes", Profiles.SIGNING_V2, true, m -> m.subject(
                        new X500Name("C=CH, SURNAME=Example, GIVENNAME=Alice, CN=Alice Example"))),
                new Case("e_subject_attributes_allowed", v1, false, m -> m.subject(
                        new X500Name("O=Example AG, CN=alice@example.org"))),
                new Case("e_subject_country_iso3166", Profiles.SIGNING_V2, true, m -> m.subject(
                        new X500Name("C=XY, L=Bern, SURNAME=Example, GIVENNAME=Alice, CN=Alice Example"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCases")
    void ruleRejectsItsBadCase(Case c) {
        TBSCertificate good = c.v2() ? goodV2 : goodV1;
        LintTarget target;
        if (c.profile() == null) {
            // The 825-day cap is separate from the profile's own limit: give the profile a long one.
            target = new LintTarget(c.change().apply(new TbsMutator(goodV1)).tbs(), PROFILES.get(Profiles.SIGNING_V1),
                    Duration.ofDays(5000), true);
        } else {
            CertificateProfile p = PROFILES.get(c.profile());
            target = new LintTarget(c.change().apply(new TbsMutator(good)).tbs(), p, CaPolicy.defaults().lifetime(p), false);
        }
        LintReport report = LINTER.lint(target);
        assertThat(report.failedRules()).as(report.findings().toString()).contains(c.rule());
        assertThatThrownBy(() -> LINTER.require(target))
                .isInstanceOf(CaException.LintFailure.class)
                .hasMessageContaining(c.rule());
    }

    @Test
    void everyStandardRuleHasABadCase() throws Exception {
        Set<String> covered = badCases().map(Case::rule).collect(Collectors.toSet());
        Set<String> all = CertificateLinter.standardRules().stream().map(LintRule::name).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(all);
    }

    @Test
    void goodCertificatesPassEveryRule() {
        for (var entry : List.of(java.util.Map.entry(goodV1, Profiles.SIGNING_V1), java.util.Map.entry(goodV2, Profiles.SIGNING_V2))) {
            CertificateProfile p = PROFILES.get(entry.getValue());
            LintReport r = LINTER.lint(new LintTarget(entry.getKey(), p, CaPolicy.defaults().lifetime(p), true));
            assertThat(r.findings()).isEmpty();
            assertThat(r.passed()).isTrue();
        }
    }

    @Test
    void oneRefusalNamesEveryFailedRule() {
        TBSCertificate bad = new TbsMutator(goodV1).serial(BigInteger.valueOf(7)).without(Extension.subjectKeyIdentifier).tbs();
        CertificateProfile p = PROFILES.get(Profiles.SIGNING_V1);
        assertThatThrownBy(() -> LINTER.require(new LintTarget(bad, p, Duration.ofDays(365), false)))
                .isInstanceOfSatisfying(CaException.LintFailure.class, e ->
                        assertThat(e.ruleNames()).containsExactly("e_serial_min_64_bits", "e_ski_present"));
    }

    private static GeneralName uri(String u) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, u);
    }

    private static SubjectPublicKeyInfo rsa(int bits, BigInteger exponent) {
        BigInteger modulus = new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SubjectPublicKeyInfo ed25519() {
        try {
            return SubjectPublicKeyInfo.getInstance(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
