package org.sealpost.ca.issue;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What to certify: a public key (from a checked CSR or made by the service), under a profile, for
 * mailbox addresses and validated subject attributes. Immutable; the {@code with...} methods return copies.
 *
 * @param publicKey   the subject key
 * @param profile     profile name, e.g. {@code signing-v1}
 * @param emails      mailbox addresses, in order; the first becomes a mailbox-validated commonName
 * @param subject     validated subject attributes
 * @param notBefore   explicit start, or empty for "now"
 * @param notAfter    explicit end, or empty for start + the profile's lifetime
 */
public record IssuanceRequest(SubjectPublicKeyInfo publicKey, String profile, List<String> emails,
                              SubjectAttributes subject, Optional<Instant> notBefore, Optional<Instant> notAfter) {
    public IssuanceRequest {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(profile, "profile");
        emails = List.copyOf(new LinkedHashSet<>(emails));
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** A request for a checked CSR's key and addresses. */
    public static IssuanceRequest fromCsr(Csr csr, String profile) {
        return new IssuanceRequest(csr.publicKey(), profile, csr.emails(), SubjectAttributes.none(),
                Optional.empty(), Optional.empty());
    }

    /** A request for a key the service made itself (no proof of possession needed). */
    public static IssuanceRequest forKey(PublicKey key, String profile) {
        return forKey(SubjectPublicKeyInfo.getInstance(key.getEncoded()), profile);
    }

    /** A request for a key the service made itself, given as SubjectPublicKeyInfo. */
    public static IssuanceRequest forKey(SubjectPublicKeyInfo key, String profile) {
        return new IssuanceRequest(key, profile, List.of(), SubjectAttributes.none(), Optional.empty(), Optional.empty());
    }

    /** Replaces the addresses (e.g. {@code --email} overriding the CSR's). */
    public IssuanceRequest withEmails(List<String> addresses) {
        return new IssuanceRequest(publicKey, profile, addresses, subject, notBefore, notAfter);
    }

    /** Adds addresses after the existing ones (duplicates dropped). */
    public IssuanceRequest plusEmails(List<String> addresses) {
        List<String> all = new ArrayList<>(emails);
        all.addAll(addresses);
        return withEmails(all);
    }

    /** Replaces the subject attributes. */
    public IssuanceRequest withSubject(SubjectAttributes attributes) {
        return new IssuanceRequest(publicKey, profile, emails, attributes, notBefore, notAfter);
    }

    /** Sets an explicit validity; either end may be null to keep the default. */
    public IssuanceRequest withValidity(Instant from, Instant to) {
        return new IssuanceRequest(publicKey, profile, emails, subject, Optional.ofNullable(from), Optional.ofNullable(to));
    }
}
