package org.sealpost.ca.service;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.IssuedCertificate;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Issuance end to end: lint and sign (by the {@link CertificateAuthority}), then record the
 * certificate and its audit entry in one transaction. A certificate is only handed out once both
 * are committed, so no certificate exists that the CA's records (and thus OCSP) do not know.
 */
public final class IssuanceService {
    private final Database db;
    private final CertificateRepository repository;
    private final AuditLog audit;
    private final CertificateAuthority authority;
    private final String issuerId;
    private final Clock clock;

    /** @param issuerId the CA's name in the records and URLs ({@code issuing}) */
    public IssuanceService(Database db, CertificateRepository repository, AuditLog audit,
            CertificateAuthority authority, String issuerId, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.audit = audit;
        this.authority = authority;
        this.issuerId = issuerId;
        this.clock = clock;
    }

    /**
     * Issues and records a certificate.
     *
     * @param actor who asked, for the audit log (e.g. {@code operator:cli}, {@code device:<id>})
     * @throws CaException.BadRequest  the request cannot be honoured as made
     * @throws CaException.LintFailure the certificate would break a rule (nothing is signed or stored)
     */
    public IssuedCertificate issue(IssuanceRequest request, String actor) throws CaException {
        requireIssuerNotRevoked();
        IssuedCertificate issued = authority.issue(request);
        StoredCertificate record = record(issued);
        db.inTransaction(c -> {
            repository.insert(c, record);
            audit.append(c, new AuditEvent(actor, "ca.issue", record.serialHex(),
                    "profile=" + record.profile() + " subject=" + record.subject()
                            + " addresses=" + String.join(",", record.addresses())
                            + " notAfter=" + record.notAfter()));
            return null;
        });
        return issued;
    }

    /** A revoked CA must stop issuing at once, in every process that shares the records. */
    private void requireIssuerNotRevoked() throws CaException.SetupFailure {
        var issuer = authority.issuer();
        var revocation = db.inTransaction(c -> repository.find(c, issuer.getSerialNumber()))
                .flatMap(StoredCertificate::revocation);
        if (revocation.isPresent()) {
            throw new CaException.SetupFailure("the " + issuerId + " CA certificate was revoked ("
                    + revocation.get().reason() + ", " + revocation.get().revokedAt() + "): it issues nothing more;"
                    + " create a new CA");
        }
    }

    private StoredCertificate record(IssuedCertificate issued) {
        X509Certificate cert = issued.certificate();
        try {
            return new StoredCertificate(cert.getSerialNumber(), issuerId, issued.profile(),
                    cert.getSubjectX500Principal().getName(), lookupAddresses(cert), cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant(), clock.instant(), cert.getEncoded(), java.util.Optional.empty());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate the CA just signed", e);
        }
    }

    /**
     * The SAN mailboxes in the look-up form: domain in lower-case A-labels, local part lower-cased,
     * since look-ups match the local part case-insensitively.
     */
    static List<String> lookupAddresses(X509Certificate cert) throws CertificateEncodingException {
        List<String> addresses = new ArrayList<>();
        Extension san = new JcaX509CertificateHolder(cert).getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            return addresses;
        }
        for (var name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            MailboxAddress.from(name).ifPresent(m -> addresses.add(m.canonical().toLowerCase(Locale.ROOT)));
        }
        return addresses;
    }
}
