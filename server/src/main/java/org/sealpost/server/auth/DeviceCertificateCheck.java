package org.sealpost.server.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.sealpost.ca.profile.CertificateProfile;
import org.sealpost.ca.profile.CertificatePurpose;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CertificateRecords;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.ca.store.StoredRevocation;

/**
 * What makes a presented certificate a device's: issued by this service's issuing CA (its
 * signature, not only its name), within its validity, made for signing, and in the CA's records
 * byte for byte, for a signing profile and one address, and not revoked, nor its CA. The records
 * are read at every call, so a revocation by any process sharing the database counts at once.
 */
final class DeviceCertificateCheck {
    private static final int DIGITAL_SIGNATURE = 0;
    private static final String EMAIL_PROTECTION = KeyPurposeId.id_kp_emailProtection.getId();

    private final X509Certificate issuingCa;
    private final String issuingCaName;
    private final CertificateRecords records;
    private final Profiles profiles;

    /**
     * @param issuingCa     the CA certificate that signs device certificates
     * @param issuingCaName its name in the CA's records ({@code issuing})
     */
    DeviceCertificateCheck(X509Certificate issuingCa, String issuingCaName, CertificateRecords records,
            Profiles profiles) {
        this.issuingCa = issuingCa;
        this.issuingCaName = issuingCaName;
        this.records = records;
        this.profiles = profiles;
    }

    /** The checks that need no database: issuer signature, validity, key usage and EKU. */
    void checkCertificate(X509Certificate cert, Instant now) throws Refusal {
        if (!cert.getIssuerX500Principal().equals(issuingCa.getSubjectX500Principal())) {
            throw unknown(cert, "was not issued by this service's issuing CA");
        }
        try {
            cert.verify(issuingCa.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw unknown(cert, "does not carry a valid signature of this service's issuing CA");
        }
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new Refusal(RefusalReason.EXPIRED_CERTIFICATE, "device certificate " + serial(cert)
                    + " expired at " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new Refusal(RefusalReason.EXPIRED_CERTIFICATE, "device certificate " + serial(cert)
                    + " is not valid before " + cert.getNotBefore().toInstant());
        }
        boolean[] keyUsage = cert.getKeyUsage();
        if (keyUsage == null || !keyUsage[DIGITAL_SIGNATURE] || cert.getBasicConstraints() != -1
                || !extendedKeyUsage(cert).contains(EMAIL_PROTECTION)) {
            throw wrongPurpose(cert, "is not made for signing (digitalSignature, emailProtection, not a CA)");
        }
    }

    /**
     * The checks against the CA's records.
     *
     * @return the device's address, in the records' look-up form
     */
    String checkRecord(X509Certificate cert) throws Refusal {
        Optional<StoredCertificate> found = records.find(cert.getSerialNumber());
        if (found.isEmpty() || !found.get().issuer().equals(issuingCaName) || !Arrays.equals(found.get().der(), der(cert))) {
            throw unknown(cert, "is not in this service's records");
        }
        StoredCertificate record = found.get();
        Optional<CertificatePurpose> purpose = profiles.find(record.profile()).map(CertificateProfile::purpose);
        if (purpose.orElse(null) != CertificatePurpose.SMIME_SIGNING) {
            throw wrongPurpose(cert, "is a " + record.profile() + " certificate, not a device signing certificate");
        }
        if (record.addresses().size() != 1) {
            throw wrongPurpose(cert, "names " + record.addresses().size() + " addresses; a device certificate names one");
        }
        if (record.revocation().isPresent()) {
            throw revoked("device certificate " + record.serialHex(), record.revocation().get());
        }
        Optional<StoredRevocation> caRevoked = records.find(issuingCa.getSerialNumber())
                .flatMap(StoredCertificate::revocation);
        if (caRevoked.isPresent()) {
            throw revoked("the CA that issued device certificate " + record.serialHex(), caRevoked.get());
        }
        return record.addresses().get(0);
    }

    private static Refusal revoked(String what, StoredRevocation revocation) {
        return new Refusal(RefusalReason.REVOKED_CERTIFICATE, what + " was revoked (" + revocation.reason()
                + ") at " + revocation.revokedAt());
    }

    private static List<String> extendedKeyUsage(X509Certificate cert) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku == null ? List.of() : eku;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static byte[] der(X509Certificate cert) throws Refusal {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw unknown(cert, "cannot be encoded");
        }
    }

    private static Refusal unknown(X509Certificate cert, String why) {
        return new Refusal(RefusalReason.UNKNOWN_CERTIFICATE, "certificate " + serial(cert) + " " + why);
    }

    private static Refusal wrongPurpose(X509Certificate cert, String why) {
        return new Refusal(RefusalReason.WRONG_PURPOSE, "certificate " + serial(cert) + " " + why);
    }

    private static String serial(X509Certificate cert) {
        return cert.getSerialNumber().toString(16);
    }
}
