package org.sealpost.directory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Asks a certificate's CA whether it revoked it, through the CRLs its CRL distribution points name
 * (http and https only). A CRL counts only when the issuer signed it and it is current; anything else
 * (no distribution point, unreachable, stale, badly signed) is {@link RevocationStatus.Unknown}. Thread-safe.
 */
final class CrlCheck {
    /** CRLs of large public CAs run to a few MB; beyond this the download is abandoned. */
    static final int MAX_CRL_BYTES = 20 * 1024 * 1024;

    private final BoundedHttp http;
    private final Clock clock;

    CrlCheck(BoundedHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    RevocationStatus check(X509Certificate cert, X509Certificate issuer) {
        List<URI> points = distributionPoints(cert);
        if (points.isEmpty()) {
            return new RevocationStatus.Unknown("the certificate names no http CRL distribution point");
        }
        String why = "";
        for (URI point : points) {
            try {
                X509CRL crl = fetch(point);
                if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    why = point + ": the CRL is of another issuer";
                    continue;
                }
                crl.verify(issuer.getPublicKey());
                Instant now = clock.instant();
                if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
                    why = point + ": the CRL is stale (next update was " + crl.getNextUpdate().toInstant() + ")";
                    continue;
                }
                X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
                return entry == null ? new RevocationStatus.Good() : new RevocationStatus.Revoked(entry.getRevocationDate().toInstant());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                why = point + ": " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RevocationStatus.Unknown("interrupted");
            }
        }
        return new RevocationStatus.Unknown(why);
    }

    private X509CRL fetch(URI point) throws IOException, InterruptedException, GeneralSecurityException {
        byte[] bytes = http.fetch(HttpRequest.newBuilder(point).GET(), MAX_CRL_BYTES, "CRL");
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
    }

    private static List<URI> distributionPoints(X509Certificate cert) {
        List<URI> uris = new ArrayList<>();
        try {
            CRLDistPoint dps = CRLDistPoint.fromExtensions(new JcaX509CertificateHolder(cert).getExtensions());
            if (dps == null) {
                return uris;
            }
            for (DistributionPoint dp : dps.getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String uri = ASN1IA5String.getInstance(g.getName()).getString();
                        String lower = uri.toLowerCase(Locale.ROOT);
                        if (lower.startsWith("http://") || lower.startsWith("https://")) {
                            uris.add(URI.create(uri));
                        }
                    }
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // An unreadable extension names no usable point.
        }
        return uris;
    }
}
