package org.sealpost.server.identity.external;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * The Vp certificates of each address (table {@code identity_external_certificate}): what a
 * connector obtained, recorded beside the service's own V1-V4 certificates. Only the certificate
 * chain is kept; the private key stays with whoever holds the PKCS#12 (the user's client). Imports
 * are audited as {@code identity.external.import}. Thread-safe.
 */
public final class ExternalCertificates {
    private static final String PKI_PATH = "PkiPath";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public ExternalCertificates(Database db, AuditLog audit, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Obtains the credential for {@code address} through {@code connector} and records its certificates.
     *
     * @param actor who imports, for the audit log
     * @return the recorded end-entity certificate
     * @throws IdentityProblem INVALID when the connector refuses it; CONFLICT when it was imported before
     */
    public X509Certificate importFrom(ExternalCaConnector connector, String address, String actor) throws IdentityProblem {
        ExternalCredential credential = connector.obtain(address);
        String owner = OwnerAddress.lookupForm(address);
        X509Certificate cert = credential.certificate();
        String fingerprint;
        byte[] chain;
        try {
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            chain = CertificateFactory.getInstance("X.509").generateCertPath(credential.chain()).getEncoded(PKI_PATH);
        } catch (GeneralSecurityException e) {
            throw IdentityProblem.invalid("the certificate chain cannot be encoded: " + e.getMessage());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_external_certificate (sha256, address,"
                        + " issuer, serial, not_after, chain, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, fingerprint);
                    ps.setString(2, owner);
                    ps.setString(3, cert.getIssuerX500Principal().getName());
                    ps.setString(4, cert.getSerialNumber().toString(16));
                    ps.setObject(5, cert.getNotAfter().toInstant().atOffset(ZoneOffset.UTC));
                    ps.setBytes(6, chain);
                    ps.setObject(7, now.atOffset(ZoneOffset.UTC));
                    ps.setString(8, actor);
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent(actor, "identity.external.import", owner, "sha256=" + fingerprint
                        + " serial=" + cert.getSerialNumber().toString(16) + " issuer=" + cert.getIssuerX500Principal().getName()
                        + " notAfter=" + cert.getNotAfter().toInstant()));
                return null;
            });
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                throw IdentityProblem.conflict("this certificate was imported before");
            }
            throw e;
        }
        return cert;
    }

    /** The Vp certificate chains of {@code address}, each end entity first, the latest expiry first. */
    public List<List<X509Certificate>> chains(String address) {
        String owner = OwnerAddress.lookupForm(address);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT chain FROM identity_external_certificate WHERE address = ?"
                    + " ORDER BY not_after DESC")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    List<List<X509Certificate>> chains = new ArrayList<>();
                    while (rs.next()) {
                        chains.add(decode(rs.getBytes(1)));
                    }
                    return chains;
                }
            }
        });
    }

    private static List<X509Certificate> decode(byte[] pkiPath) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertPath(new ByteArrayInputStream(pkiPath), PKI_PATH)
                    .getCertificates().stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored certificate chain cannot be read", e);
        }
    }
}
