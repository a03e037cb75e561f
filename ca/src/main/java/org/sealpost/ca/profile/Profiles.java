package org.sealpost.ca.profile;

import static org.sealpost.ca.profile.SubjectAttribute.COMMON_NAME;
import static org.sealpost.ca.profile.SubjectAttribute.COUNTRY;
import static org.sealpost.ca.profile.SubjectAttribute.EMAIL_ADDRESS;
import static org.sealpost.ca.profile.SubjectAttribute.GIVEN_NAME;
import static org.sealpost.ca.profile.SubjectAttribute.LOCALITY;
import static org.sealpost.ca.profile.SubjectAttribute.ORGANIZATION;
import static org.sealpost.ca.profile.SubjectAttribute.PSEUDONYM;
import static org.sealpost.ca.profile.SubjectAttribute.SERIAL_NUMBER;
import static org.sealpost.ca.profile.SubjectAttribute.STATE;
import static org.sealpost.ca.profile.SubjectAttribute.SURNAME;
import static org.sealpost.ca.profile.SubjectAttribute.TITLE;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The registry of certificate profiles by name. {@link #standard()} holds the six Sealpost profiles;
 * a deployment could register others, but the names below are a contract with the CLI and the API.
 */
public final class Profiles {
    public static final String ENCRYPTION = "encryption";
    public static final String SIGNING_V1 = "signing-v1";
    public static final String SIGNING_V2 = "signing-v2";
    public static final String SIGNING_V3 = "signing-v3";
    public static final String SIGNING_V4 = "signing-v4";
    public static final String TIMESTAMPING = "timestamping";

    /** Roughly one year and three years: 365-day years keep lifetimes identical whatever the start date. */
    public static final Duration ONE_YEAR = Duration.ofDays(365);
    public static final Duration THREE_YEARS = Duration.ofDays(3 * 365);
    public static final Duration FIVE_YEARS = Duration.ofDays(5 * 365);

    private static final String EMAIL_PROTECTION = KeyPurposeId.id_kp_emailProtection.getId();
    private static final int SIGNING_USAGE = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;

    private final Map<String, CertificateProfile> byName;

    /** A registry holding exactly {@code profiles}; names must be unique. */
    public Profiles(Collection<CertificateProfile> profiles) {
        Map<String, CertificateProfile> m = new LinkedHashMap<>();
        for (CertificateProfile p : profiles) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate profile name " + p.name());
            }
        }
        this.byName = java.util.Collections.unmodifiableMap(m);
    }

    /** The six standard profiles. */
    public static Profiles standard() {
        // Mailbox-validated strict may carry only the mailbox in the subject (SBR 7.1.4.2.2).
        Set<SubjectAttribute> mailboxAllowed = Set.of(COMMON_NAME, EMAIL_ADDRESS, SERIAL_NUMBER);
        Set<SubjectAttribute> personal = Set.of(COMMON_NAME, EMAIL_ADDRESS, SERIAL_NUMBER, GIVEN_NAME, SURNAME,
                PSEUDONYM, LOCALITY, STATE, COUNTRY);
        Set<SubjectAttribute> organization = Set.of(COMMON_NAME, EMAIL_ADDRESS, SERIAL_NUMBER, ORGANIZATION,
                LOCALITY, STATE, COUNTRY);
        Set<SubjectAttribute> sponsor = Set.of(COMMON_NAME, EMAIL_ADDRESS, SERIAL_NUMBER, GIVEN_NAME, SURNAME,
                PSEUDONYM, TITLE, ORGANIZATION, LOCALITY, STATE, COUNTRY);
        Map<KeyFamily, Integer> signing = Map.of(KeyFamily.RSA, SIGNING_USAGE, KeyFamily.EC, SIGNING_USAGE);
        List<String> smime = List.of(EMAIL_PROTECTION);
        return new Profiles(List.of(
                new CertificateProfile(ENCRYPTION, CertificatePurpose.SMIME_ENCRYPTION, PolicyOids.SBR_MAILBOX_STRICT,
                        Map.of(KeyFamily.RSA, KeyUsage.keyEncipherment, KeyFamily.EC, KeyUsage.keyAgreement),
                        smime, false, true, Set.of(), mailboxAllowed, CommonNameSource.MAILBOX, THREE_YEARS),
                new CertificateProfile(SIGNING_V1, CertificatePurpose.SMIME_SIGNING, PolicyOids.SBR_MAILBOX_STRICT,
                        signing, smime, false, true, Set.of(), mailboxAllowed, CommonNameSource.MAILBOX, ONE_YEAR),
                new CertificateProfile(SIGNING_V2, CertificatePurpose.SMIME_SIGNING, PolicyOids.SBR_INDIVIDUAL_STRICT,
                        signing, smime, false, true, Set.of(GIVEN_NAME, SURNAME, LOCALITY, COUNTRY), personal,
                        CommonNameSource.PERSONAL_NAME, ONE_YEAR),
                new CertificateProfile(SIGNING_V3, CertificatePurpose.SMIME_SIGNING, PolicyOids.SBR_ORGANIZATION_STRICT,
                        signing, smime, false, true, Set.of(ORGANIZATION, LOCALITY, COUNTRY), organization,
                        CommonNameSource.ORGANIZATION, ONE_YEAR),
                new CertificateProfile(SIGNING_V4, CertificatePurpose.SMIME_SIGNING, PolicyOids.SBR_SPONSOR_STRICT,
                        signing, smime, false, true, Set.of(GIVEN_NAME, SURNAME, TITLE, ORGANIZATION, COUNTRY), sponsor,
                        CommonNameSource.PERSONAL_NAME, ONE_YEAR),
                // RFC 3161 section 2.3: the TSA certificate has exactly one EKU, timeStamping, and it is critical.
                new CertificateProfile(TIMESTAMPING, CertificatePurpose.TIMESTAMPING, PolicyOids.SEALPOST_TIMESTAMPING,
                        Map.of(KeyFamily.RSA, KeyUsage.digitalSignature, KeyFamily.EC, KeyUsage.digitalSignature),
                        List.of(KeyPurposeId.id_kp_timeStamping.getId()), true, false, Set.of(COMMON_NAME),
                        Set.of(COMMON_NAME, ORGANIZATION, COUNTRY), CommonNameSource.REQUEST_ONLY, FIVE_YEARS)));
    }

    /** The profile called {@code name}, if registered. */
    public Optional<CertificateProfile> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The profile called {@code name}; an unknown name is the caller's mistake and names the known ones. */
    public CertificateProfile get(String name) {
        CertificateProfile p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown certificate profile '" + name + "'; known: " + String.join(", ", names()));
        }
        return p;
    }

    /** Every registered profile name, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every registered profile, in registration order. */
    public List<CertificateProfile> all() {
        return List.copyOf(byName.values());
    }
}
