package org.sealpost.ca.revocation;

import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * Builds and signs a complete RFC 5280 version 2 CRL for one CA.
 *
 * <p>The CRL carries the two extensions RFC 5280 requires (authority key identifier, CRL number),
 * entries sorted by serial number so consecutive CRLs diff cleanly, and a reason code per entry
 * except for {@code unspecified}, which RFC 5280 section 5.3.1 asks to be expressed by omitting the
 * extension. Times are truncated to whole seconds because UTCTime/GeneralizedTime in a CRL carry
 * no fractions. Stateless and thread-safe.
 */
public final class CrlGenerator {

    /** A generator; it holds no state. */
    public CrlGenerator() {
    }

    /**
     * Signs a CRL.
     *
     * @param issuer     the CA certificate and key; the certificate's subject becomes the CRL issuer
     * @param crlNumber  monotonically increasing sequence number (non-negative; the caller keeps it)
     * @param thisUpdate when this CRL is issued
     * @param nextUpdate when the next one will be issued at the latest; after {@code thisUpdate}
     * @param revoked    all revoked, unexpired certificates of this CA, in any order
     * @return the signed CRL
     * @throws IllegalArgumentException for inconsistent input (duplicate serials, bad times, an
     *                                  issuer certificate without cRLSign)
     * @throws IllegalStateException    when signing fails, e.g. the HSM refused
     */
    public X509CRL generate(RevocationSigner issuer, long crlNumber, Instant thisUpdate, Instant nextUpdate,
                            List<RevokedCertificate> revoked) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(revoked, "revoked");
        if (crlNumber < 0) {
            throw new IllegalArgumentException("the CRL number must not be negative, got " + crlNumber);
        }
        Instant from = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
        Instant to = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " must be after thisUpdate " + thisUpdate);
        }
        X509Certificate ca = issuer.certificate();
        requireCrlSign(ca);

        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.getSubjectX500Principal(), Date.from(from));
        builder.setNextUpdate(Date.from(to));
        for (RevokedCertificate entry : sorted(revoked)) {
            Date at = Date.from(entry.revokedAt().truncatedTo(ChronoUnit.SECONDS));
            // BC adds the reasonCode entry extension only for a non-zero code, so unspecified (0)
            // is expressed by omission as RFC 5280 section 5.3.1 recommends.
            builder.addCRLEntry(entry.serial(), at, entry.reason().code());
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(KeyIdentifiers.subjectKeyId(ca)));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode CRL extensions", e);
        }
        X509CRLHolder holder = builder.build(issuer.contentSigner());
        try {
            return new JcaX509CRLConverter().setProvider(CryptoProviders.bouncyCastle()).getCRL(holder);
        } catch (CRLException e) {
            throw new IllegalStateException("the signed CRL cannot be decoded", e);
        }
    }

    private static List<RevokedCertificate> sorted(List<RevokedCertificate> revoked) {
        List<RevokedCertificate> list = new ArrayList<>(revoked);
        list.sort(Comparator.comparing(RevokedCertificate::serial));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).serial().equals(list.get(i - 1).serial())) {
                throw new IllegalArgumentException("serial " + list.get(i).serial().toString(16)
                        + " is listed twice; a CRL has one entry per certificate");
            }
        }
        return list;
    }

    private static void requireCrlSign(X509Certificate ca) {
        boolean[] ku = ca.getKeyUsage();
        // Without a key usage extension any use is allowed (RFC 5280 4.2.1.3); bit 6 is cRLSign.
        if (ku != null && (ku.length <= 6 || !ku[6])) {
            throw new IllegalArgumentException("the certificate of " + ca.getSubjectX500Principal().getName()
                    + " does not allow signing CRLs (key usage lacks cRLSign)");
        }
    }
}
