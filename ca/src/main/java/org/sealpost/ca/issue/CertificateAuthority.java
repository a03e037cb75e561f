package org.sealpost.ca.issue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.sealpost.ca.CaException;
import org.sealpost.ca.keys.CaSigner;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.lint.LintTarget;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.profile.CertificateProfile;
import org.sealpost.ca.profile.KeyFamily;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * Issues end-entity certificates under one CA certificate: builds the certificate from the profile,
 * lints the exact TBSCertificate, and only then signs it. Thread-safe; holds no mutable state.
 */
public final class CertificateAuthority {
    private final X509Certificate issuer;
    private final X500Name issuerName;
    private final CaSigner signer;
    private final String issuerId;
    private final Profiles profiles;
    private final CaPolicy policy;
    private final CaUrls urls;
    private final CertificateLinter linter;
    private final SecureRandom random;
    private final Clock clock;
    private final String signatureAlgorithm;

    /**
     * @param issuer   the CA certificate whose key signs
     * @param signer   that key (software or token)
     * @param issuerId the CA's short name in URLs: {@code issuing} or {@code root}
     * @param profiles the profile registry
     * @param policy   lifetimes and the 825-day cap
     * @param urls     where CRLs, OCSP and the CA certificate are published
     * @param linter   the pre-issuance linter
     * @param random   CSPRNG for serial numbers
     * @param clock    the time source for notBefore
     */
    public CertificateAuthority(X509Certificate issuer, CaSigner signer, String issuerId, Profiles profiles, CaPolicy policy,
                                CaUrls urls, CertificateLinter linter, SecureRandom random, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        this.signer = Objects.requireNonNull(signer, "signer");
        this.issuerId = Objects.requireNonNull(issuerId, "issuerId");
        urls.crl(issuerId); // validates the id now rather than at the first issuance
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.urls = urls;
        this.linter = Objects.requireNonNull(linter, "linter");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signatureAlgorithm = CaSigner.signatureAlgorithm(issuer.getPublicKey());
    }

    /** The CA certificate. */
    public X509Certificate issuer() {
        return issuer;
    }

    /**
     * Lints, then signs, a certificate for {@code request}.
     *
     * @throws CaException.BadRequest   unknown profile, bad address, validity outside the CA's
     * @throws CaException.LintFailure  the certificate would break a rule; names every failed rule
     * @throws CaException.SigningFailure the CA key failed to sign
     */
    public IssuedCertificate issue(IssuanceRequest request) throws CaException {
        CertificateProfile profile = profiles.find(request.profile()).orElseThrow(() -> new CaException.BadRequest(
                "unknown certificate profile '" + request.profile() + "'; known: " + String.join(", ", profiles.names())));
        List<MailboxAddress> mailboxes = mailboxes(request.emails());
        if (!profile.mailboxRequired() && !mailboxes.isEmpty()) {
            // A timestamping certificate names a service, not a mailbox.
            throw new CaException.BadRequest("profile " + profile.name() + " certifies no mailbox address; got "
                    + mailboxes.stream().map(MailboxAddress::toString).collect(java.util.stream.Collectors.joining(", ")));
        }
        if (profile.mailboxRequired() && mailboxes.isEmpty()) {
            throw new CaException.BadRequest("profile " + profile.name() + " needs at least one email address");
        }
        Instant notBefore = request.notBefore().orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.SECONDS));
        Instant notAfter = request.notAfter().orElseGet(() -> notBefore.plus(policy.lifetime(profile)).minusSeconds(1));
        if (notBefore.isBefore(issuer.getNotBefore().toInstant()) || notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            throw new CaException.BadRequest("requested validity " + notBefore + " .. " + notAfter
                    + " lies outside the CA certificate's validity");
        }
        X509v3CertificateBuilder builder = builder(request, profile, mailboxes, notBefore, notAfter);
        TBSCertificate tbs = CertificateSigning.toBeSigned(builder, signatureAlgorithm);
        linter.require(new LintTarget(tbs, profile, policy.lifetime(profile), policy.cabfStrict()));
        X509Certificate cert = CertificateSigning.sign(builder, tbs, signer, signatureAlgorithm, issuer.getPublicKey());
        return new IssuedCertificate(cert, profile.name());
    }

    private static List<MailboxAddress> mailboxes(List<String> emails) throws CaException.BadRequest {
        List<MailboxAddress> out = new ArrayList<>();
        for (String e : emails) {
            try {
                MailboxAddress m = MailboxAddress.parse(e);
                if (out.stream().noneMatch(x -> x.canonical().equals(m.canonical()))) {
                    out.add(m);
                }
            } catch (IllegalArgumentException ex) {
                throw new CaException.BadRequest(ex.getMessage(), ex);
            }
        }
        return out;
    }

    private X509v3CertificateBuilder builder(IssuanceRequest request, CertificateProfile profile, List<MailboxAddress> mailboxes,
                                             Instant notBefore, Instant notAfter) throws CaException {
        BigInteger serial = SerialNumbers.next(random);
        X500Name subject = SubjectNames.build(profile, request.subject(), mailboxes);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName, serial, Date.from(notBefore),
                Date.from(notAfter), subject, request.publicKey());
        KeyFamily family = KeyFamily.of(request.publicKey()).orElseThrow(() -> new CaException.BadRequest(
                "unsupported subject key " + request.publicKey().getAlgorithm().getAlgorithm() + ": only RSA and EC keys"));
        Integer usage = profile.keyUsageFor(family);
        if (usage == null) {
            throw new CaException.BadRequest("profile " + profile.name() + " does not accept " + family + " keys");
        }
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, profile.ekuCritical(), new ExtendedKeyUsage(
                    profile.extendedKeyUsages().stream().map(o -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)))
                            .toArray(KeyPurposeId[]::new)));
            if (!mailboxes.isEmpty()) {
                // RFC 5280 4.2.1.6: critical only when the subject is empty.
                b.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
                        new GeneralNames(mailboxes.stream().map(MailboxAddress::generalName).toArray(GeneralName[]::new)));
            }
            b.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(profile.policyOid()))));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId()));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new BcX509ExtensionUtils().createSubjectKeyIdentifier(request.publicKey()));
            b.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(urls.crl(issuerId)));
            b.addExtension(Extension.authorityInfoAccess, false, authorityInfoAccess(urls, issuerId));
        } catch (CertIOException e) {
            throw new CaException.BadRequest("cannot encode the certificate extensions: " + e.getMessage(), e);
        }
        return b;
    }

    private byte[] issuerKeyId() {
        // The AKI must equal the issuer's own SKI (RFC 5280 4.2.1.1), whatever method made it.
        return SubjectKeyIds.candidates(issuer).iterator().next().bytes();
    }

    /** A CRL distribution point with one HTTP URI. */
    public static CRLDistPoint crlDistributionPoint(String url) {
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)});
    }

    /** AIA with the OCSP responder and the issuer certificate's URL. */
    public static AuthorityInformationAccess authorityInfoAccess(CaUrls urls, String issuerId) {
        return new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(AccessDescription.id_ad_ocsp,
                    new GeneralName(GeneralName.uniformResourceIdentifier, urls.ocsp())),
            new AccessDescription(AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, urls.caIssuers(issuerId)))});
    }

    /** Only for messages: the lifetime this CA gives a profile. */
    public Duration lifetime(String profile) {
        return policy.lifetime(profiles.get(profile));
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + issuerId + ": " + issuerName + "]";
    }
}
