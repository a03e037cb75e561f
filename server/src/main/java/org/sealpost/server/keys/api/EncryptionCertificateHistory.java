package org.sealpost.server.keys.api;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CertificateRecords;
import org.sealpost.ca.store.StoredCertificate;

/**
 * Every encryption certificate the CA ever issued for an address, from the CA's own records: a
 * device needs them all to decrypt old mail, which names the certificate it was encrypted to (issuer
 * and serial), while the directory lists only the current one. Expired, superseded and revoked
 * certificates are included; certificates of other profiles (signing, identity) never are.
 */
public final class EncryptionCertificateHistory {
    /** Newest first; certificates starting in the same second by issuance, then serial, so the order is stable. */
    private static final Comparator<StoredCertificate> NEWEST_FIRST = Comparator.comparing(StoredCertificate::notBefore)
            .thenComparing(StoredCertificate::issuedAt).thenComparing(StoredCertificate::serial).reversed();

    private final CertificateRecords records;

    public EncryptionCertificateHistory(CertificateRecords records) {
        this.records = Objects.requireNonNull(records, "records");
    }

    /**
     * The encryption certificates naming {@code address}, newest first (notBefore descending).
     *
     * @param address the CA's look-up form (lower-case local part, A-label domain), as a device's is
     */
    public List<StoredCertificate> of(String address) {
        return records.findByAddress(address).stream()
                .filter(c -> Profiles.ENCRYPTION.equals(c.profile()))
                .sorted(NEWEST_FIRST)
                .toList();
    }
}
