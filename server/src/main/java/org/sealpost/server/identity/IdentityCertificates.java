package org.sealpost.server.identity;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.sealpost.ca.service.CertificateRecords;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.server.auth.AuthenticatedDevice;

/**
 * The V2-V4 certificates a device can sign with ({@code GET /v1/identity/certificates}): every one
 * the CA issued for the calling device's address and key that is unrevoked and valid now, newest
 * first. Read from the CA's records, so renewed, revoked and expired ones drop out by themselves.
 * Approved requests of the device's key are issued first, so a decision taken with the CLI reaches
 * the device without it polling each request. Thread-safe.
 */
public final class IdentityCertificates {
    /** Newest first; certificates starting in the same instant by issuance, then serial, so the order is stable. */
    private static final Comparator<StoredCertificate> NEWEST_FIRST = Comparator.comparing(StoredCertificate::notBefore)
            .thenComparing(StoredCertificate::issuedAt).thenComparing(StoredCertificate::serial).reversed();

    private final IdentityRequests requests;
    private final CertificateRecords records;
    private final List<X509Certificate> chain;
    private final Clock clock;

    /** @param chain the issuing CA's certificate, then the root's: the chain of every certificate listed */
    public IdentityCertificates(IdentityRequests requests, CertificateRecords records, List<X509Certificate> chain, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.records = Objects.requireNonNull(records, "records");
        this.chain = List.copyOf(chain);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One certificate the device holds.
     *
     * @param level       its identity level
     * @param certificate the certificate, for the device's key
     */
    public record Held(IdentityLevel level, X509Certificate certificate) {
        public Held {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** The issuing CA's certificate, then the root's. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The V2-V4 certificates of {@code device}'s address for its current key, valid now, newest first. */
    public List<Held> of(AuthenticatedDevice device) {
        Objects.requireNonNull(device, "device");
        requests.issueApproved(device);
        byte[] key = device.certificate().getPublicKey().getEncoded();
        Instant now = clock.instant();
        return records.findByAddress(device.address()).stream()
                .filter(c -> c.revocation().isEmpty() && !now.isBefore(c.notBefore()) && now.isBefore(c.notAfter()))
                .filter(c -> IdentityLevel.ofProfile(c.profile()).isPresent())
                .sorted(NEWEST_FIRST)
                .map(c -> new Held(IdentityLevel.ofProfile(c.profile()).orElseThrow(), parse(c.der())))
                // Another device of the address has certificates of its own: only this key signs here.
                .filter(h -> Arrays.equals(h.certificate().getPublicKey().getEncoded(), key))
                .toList();
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("a certificate in the CA's records cannot be read", e);
        }
    }
}
