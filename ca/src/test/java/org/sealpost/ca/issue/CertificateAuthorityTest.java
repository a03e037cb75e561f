package org.sealpost.ca.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.ca.CaException;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.profile.SubjectAttribute;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;

/** Issuance rules: lifetimes, the 825-day cap, serial numbers, refusals. */
class CertificateAuthorityTest {
    private static TestCa ca;

    @BeforeAll
    static void createCa() {
        ca = TestCa.create(CaAlgorithm.EC);
    }

    private static IssuanceRequest encryption() {
        return IssuanceRequest.forKey(TestKeys.RSA_2048.getPublic(), Profiles.ENCRYPTION).withEmails(List.of("a@example.org"));
    }

    private static Duration validity(IssuedCertificate c) {
        return Duration.between(c.certificate().getNotBefore().toInstant(), c.certificate().getNotAfter().toInstant()).plusSeconds(1);
    }

    @Test
    void defaultLifetimesAreThreeYearsForEncryptionAndOneForSigning() throws Exception {
        assertThat(validity(ca.authority().issue(encryption()))).isEqualTo(Duration.ofDays(1095));
        assertThat(validity(ca.authority().issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1)
                .withEmails(List.of("a@example.org"))))).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void cabfStrictCapsEveryLifetimeAt825Days() throws Exception {
        CaPolicy strict = CaPolicy.defaults().withCabfStrict(true);
        assertThat(validity(ca.authority(strict).issue(encryption()))).isEqualTo(Duration.ofDays(825));
        assertThat(strict.withLifetime(Profiles.SIGNING_V1, Duration.ofDays(2000))
                .lifetime(Profiles.standard().get(Profiles.SIGNING_V1))).isEqualTo(Duration.ofDays(825));
    }

    @Test
    void explicitValidityBeyondTheCapIsRefusedByTheLinter() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IssuanceRequest tooLong = encryption().withValidity(now, now.plus(Duration.ofDays(900)));
        assertThatThrownBy(() -> ca.authority(CaPolicy.defaults().withCabfStrict(true)).issue(tooLong))
                .isInstanceOfSatisfying(CaException.LintFailure.class, e -> assertThat(e.ruleNames())
                        .contains("e_validity_cabf_max_825_days", "e_validity_within_profile_lifetime"));
    }

    @Test
    void serialsAreRandomPositiveAndUniqueOver1000Issues() throws Exception {
        CertificateAuthority authority = ca.authority();
        Set<BigInteger> seen = new HashSet<>();
        int highBitsSet = 0;
        for (int i = 0; i < 1000; i++) {
            BigInteger s = authority.issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1)
                    .withEmails(List.of("a@example.org"))).serial();
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isBetween(64, 127);
            assertThat(s.toByteArray().length).isLessThanOrEqualTo(16);
            if (s.testBit(126)) {
                highBitsSet++;
            }
            seen.add(s);
        }
        assertThat(seen).hasSize(1000);
        // A fair random top bit: 1000 draws land near 500; far outside means the serials are not random.
        assertThat(highBitsSet).isBetween(400, 600);
    }

    @Test
    void missingSubjectAttributesAreRefusedNamingTheRule() {
        IssuanceRequest v2 = IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V2)
                .withEmails(List.of("a@example.org"))
                .withSubject(SubjectAttributes.none().with(SubjectAttribute.GIVEN_NAME, "A").with(SubjectAttribute.SURNAME, "B"));
        assertThatThrownBy(() -> ca.authority().issue(v2)).isInstanceOf(CaException.LintFailure.class)
                .hasMessageContaining("e_subject_required_attributes").hasMessageContaining("localityName");
    }

    @Test
    void badRequestsAreRefusedWithReadableMessages() {
        assertThatThrownBy(() -> ca.authority().issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), "nope")
                .withEmails(List.of("a@example.org")))).isInstanceOf(CaException.BadRequest.class)
                .hasMessageContaining("unknown certificate profile 'nope'");
        assertThatThrownBy(() -> ca.authority().issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1)))
                .isInstanceOf(CaException.BadRequest.class).hasMessageContaining("email address");
        assertThatThrownBy(() -> ca.authority().issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1)
                .withEmails(List.of("not an address")))).isInstanceOf(CaException.BadRequest.class);
    }

    @Test
    void nonAsciiLocalPartBecomesSmtpUtf8MailboxAndIdnDomainsAreALabels() throws Exception {
        IssuedCertificate c = ca.authority().issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.ENCRYPTION)
                .withEmails(List.of("bob@bücher.example", "jörg@bücher.example")));
        var sans = c.certificate().getSubjectAlternativeNames().stream().toList();
        assertThat(sans).anySatisfy(l -> {
            assertThat(l.get(0)).isEqualTo(1);
            assertThat(l.get(1)).isEqualTo("bob@xn--bcher-kva.example");
        });
        assertThat(sans).anySatisfy(l -> assertThat(l.get(0)).isEqualTo(0)); // otherName
    }
}
