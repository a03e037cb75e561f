package org.sealpost.ca.service;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.revocation.CrlGenerator;
import org.sealpost.ca.revocation.OcspResponder;
import org.sealpost.ca.revocation.RevocationSigner;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.audit.AuditLog;

/**
 * The CA's working parts over one database, wired once for the server and for the {@code ca}
 * commands alike, so both act on the same records in the same way.
 *
 * @param ca          the loaded hierarchy (certificates and keys)
 * @param issuance    issues and records subscriber (S/MIME) certificates, signed by the issuing CA
 * @param rootIssuance issues and records timestamping certificates, signed by the root: the issuing
 *                    CA is restricted to emailProtection, so verifiers that check the EKU along the
 *                    chain would refuse a timeStamping certificate below it
 * @param revocations revokes and republishes CRLs
 * @param crls        the CRL of each CA
 * @param ocsp        the RFC 6960 responders of the issuing CA and the root, behind one URL
 * @param records     read access to what the CA issued
 */
public record CaServices(LoadedCa ca, IssuanceService issuance, IssuanceService rootIssuance,
        RevocationService revocations, CrlPublisher crls,
        OcspResponders ocsp, CertificateRecords records) {

    /** How long a CRL is valid; it is replaced after half of it, and at every revocation. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(7);
    /** How long an OCSP response is valid (the S/MIME BR allow 8 hours to 10 days). */
    public static final Duration OCSP_VALIDITY = Duration.ofDays(1);

    /** The service that issues certificates of this profile: the root for timestamping, else the issuing CA. */
    public IssuanceService issuanceFor(String profile) {
        return Profiles.TIMESTAMPING.equals(profile) ? rootIssuance : issuance;
    }

    /** Writes the audit record of a newly created CA hierarchy (by {@code ca init} or a server's first start). */
    public static void auditCreation(AuditLog audit, LoadedCa ca, String actor) {
        audit.append(new org.sealpost.storage.audit.AuditEvent(actor, "ca.init", ca.root().getSerialNumber().toString(16),
                "algorithm=" + ca.properties().algorithm().id() + " keystore="
                        + ca.properties().keyStore().getClass().getSimpleName()
                        + " root=" + ca.root().getSubjectX500Principal().getName()));
    }

    /** Wires the CA to a database, recording the CA's own certificates there on first use. */
    public static CaServices open(LoadedCa ca, Database db, AuditLog audit, CaPolicy policy, SecureRandom random,
            Clock clock) {
        CertificateRepository repository = new CertificateRepository();
        recordHierarchy(ca, db, repository, clock);
        CrlPublisher crls = new CrlPublisher(db, repository, new CrlGenerator(), Map.of(
                LoadedCa.ROOT, RevocationSigner.of(ca.root(), ca.rootSigner()),
                LoadedCa.ISSUING, RevocationSigner.of(ca.issuing(), ca.issuingSigner())), CRL_VALIDITY, clock);
        IssuanceService issuance = new IssuanceService(db, repository, audit,
                ca.issuingAuthority(policy, random, clock), LoadedCa.ISSUING, clock);
        IssuanceService rootIssuance = new IssuanceService(db, repository, audit, new CertificateAuthority(ca.root(),
                ca.rootSigner(), LoadedCa.ROOT, Profiles.standard(), policy, new CaUrls(ca.properties().baseUrl()),
                CertificateLinter.standard(), random, clock), LoadedCa.ROOT, clock);
        RevocationService revocations = new RevocationService(db, repository, audit, crls, clock);
        OcspResponders ocsp = new OcspResponders(List.of(
                new OcspResponder(RevocationSigner.of(ca.issuing(), ca.issuingSigner()),
                        new DatabaseStatusSource(db, repository, LoadedCa.ISSUING), clock, OCSP_VALIDITY),
                new OcspResponder(RevocationSigner.of(ca.root(), ca.rootSigner()),
                        new DatabaseStatusSource(db, repository, LoadedCa.ROOT), clock, OCSP_VALIDITY)));
        return new CaServices(ca, issuance, rootIssuance, revocations, crls, ocsp, new CertificateRecords(db, repository));
    }

    /**
     * The issuing CA and TSA certificates are the root's subscribers: recording them lets the root's
     * CRL and the revocation command treat them like any other certificate.
     */
    private static void recordHierarchy(LoadedCa ca, Database db, CertificateRepository repository, Clock clock) {
        for (var entry : List.of(Map.entry("ca", ca.issuing()), Map.entry("timestamping", ca.tsa()))) {
            X509Certificate cert = entry.getValue();
            try {
                db.inTransaction(c -> {
                    if (repository.find(c, cert.getSerialNumber()).isEmpty()) {
                        repository.insert(c, new StoredCertificate(cert.getSerialNumber(), LoadedCa.ROOT, entry.getKey(),
                                cert.getSubjectX500Principal().getName(), List.of(), cert.getNotBefore().toInstant(),
                                cert.getNotAfter().toInstant(), clock.instant(), encoded(cert), Optional.empty()));
                    }
                    return null;
                });
            } catch (StorageException raced) {
                // A server and a command opening a fresh database together both try to record it;
                // the loser finds it recorded.
                if (db.<Optional<StoredCertificate>>inTransaction(c -> repository.find(c, cert.getSerialNumber())).isEmpty()) {
                    throw raced;
                }
            }
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode " + cert.getSubjectX500Principal(), e);
        }
    }
}
