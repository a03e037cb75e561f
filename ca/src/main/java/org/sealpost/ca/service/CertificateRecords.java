package org.sealpost.ca.service;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.storage.Database;

/** Read access to the CA's records, each call in its own short transaction. */
public final class CertificateRecords {
    private final Database db;
    private final CertificateRepository repository;

    public CertificateRecords(Database db, CertificateRepository repository) {
        this.db = db;
        this.repository = repository;
    }

    /** The certificate with this serial, if this CA issued it. */
    public Optional<StoredCertificate> find(BigInteger serial) {
        return db.inTransaction(c -> repository.find(c, serial));
    }

    /** Certificates naming this look-up address (lower-case local part, A-label domain), newest first. */
    public List<StoredCertificate> findByAddress(String address) {
        return db.inTransaction(c -> repository.findByAddress(c, address));
    }

    /** How many certificates the CA has recorded. */
    public long count() {
        return db.inTransaction(repository::count);
    }
}
