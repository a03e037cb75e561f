package org.sealpost.ca.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a certificate of one kind must look like: the profile is data, read by both the issuer (to
 * build the certificate) and the linter (to check it), so the two cannot drift apart.
 *
 * @param name              registry name, e.g. {@code signing-v2}
 * @param purpose           what the certificate is for
 * @param policyOid         the certificatePolicies OID the certificate asserts
 * @param keyUsage          BC {@code KeyUsage} bits per subject key family; a family absent here is refused
 * @param extendedKeyUsages the exact set of EKU OIDs, in the order they are written
 * @param ekuCritical       whether the EKU extension is marked critical
 * @param mailboxRequired   whether at least one mailbox address (SAN) is required
 * @param requiredSubject   subject attributes that must be present
 * @param allowedSubject    every subject attribute that may be present (includes the required ones)
 * @param commonName        where a commonName comes from when the request names none
 * @param defaultLifetime   validity period when the CA policy does not set one
 */
public record CertificateProfile(
        String name,
        CertificatePurpose purpose,
        String policyOid,
        Map<KeyFamily, Integer> keyUsage,
        List<String> extendedKeyUsages,
        boolean ekuCritical,
        boolean mailboxRequired,
        Set<SubjectAttribute> requiredSubject,
        Set<SubjectAttribute> allowedSubject,
        CommonNameSource commonName,
        Duration defaultLifetime) {

    public CertificateProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(policyOid, "policyOid");
        keyUsage = Map.copyOf(keyUsage);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
        requiredSubject = Set.copyOf(requiredSubject);
        allowedSubject = Set.copyOf(allowedSubject);
        Objects.requireNonNull(commonName, "commonName");
        if (defaultLifetime.isNegative() || defaultLifetime.isZero()) {
            throw new IllegalArgumentException("profile " + name + ": lifetime must be positive");
        }
        if (!allowedSubject.containsAll(requiredSubject)) {
            throw new IllegalArgumentException("profile " + name + ": a required subject attribute is not allowed");
        }
    }

    /** The key usage bits for a subject key family, or null when the profile does not accept that family. */
    public Integer keyUsageFor(KeyFamily family) {
        return keyUsage.get(family);
    }
}
