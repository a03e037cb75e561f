package org.sealpost.client.read;

import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.sealpost.client.service.ServiceException;

/**
 * Whether this service's CA revoked a signer certificate, from the CRLs the service publishes,
 * fetched on first need and kept for the life of this object (one command run). Only the service's
 * own chain is checked here; another CA's revocation is the directory's re-check (docs/DIRECTORY.md).
 * When the CRLs cannot be had, that is said once and nothing counts as revoked.
 */
public final class Revocations {
    /** Where the CRLs come from: the service's {@code /crl/issuing.crl} and {@code /crl/root.crl}. */
    @FunctionalInterface
    public interface Source {
        List<X509CRL> fetch() throws ServiceException;
    }

    /** A revocation that applies to a signature. */
    public record Revoked(Instant at, String reason) {
    }

    private final List<X509Certificate> caChain;
    private final Source source;
    private final Consumer<String> notes;
    private final Map<X509Certificate, Optional<X509Certificate>> issuers = new HashMap<>();
    private final Map<X509Certificate, List<X509CRL>> signed = new HashMap<>();
    private List<X509CRL> crls;

    /**
     * @param caChain the service's CA certificates (issuing CA, root), as the device's chain holds them
     */
    public Revocations(List<X509Certificate> caChain, Source source, Consumer<String> notes) {
        this.caChain = List.copyOf(caChain);
        this.source = Objects.requireNonNull(source, "source");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /** The CA certificate of the service that signed {@code cert}, if one did. */
    public synchronized Optional<X509Certificate> issuerOf(X509Certificate cert) {
        // Remembered: an inbox meets the same few signer certificates over and over.
        return issuers.computeIfAbsent(cert, c -> {
            for (X509Certificate ca : caChain) {
                if (ca.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, ca)) {
                    return Optional.of(ca);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * The revocation of {@code cert} or of a CA above it in the service's chain, if any applies to a
     * signature made at {@code signedAt} (a trusted timestamp): a certificate revoked after a
     * timestamped signature was made still vouches for it, unless its key was compromised.
     */
    public synchronized Optional<Revoked> check(X509Certificate cert, Optional<Instant> signedAt) {
        X509Certificate current = cert;
        for (int depth = 0; depth < caChain.size(); depth++) {
            Optional<X509Certificate> issuer = issuerOf(current);
            if (issuer.isEmpty() || issuer.get().equals(current)) {
                return Optional.empty();
            }
            Optional<Revoked> r = entry(current, issuer.get()).filter(e -> applies(e, signedAt))
                    .map(e -> new Revoked(e.getRevocationDate().toInstant(), reason(e)));
            if (r.isPresent()) {
                return r;
            }
            current = issuer.get();
        }
        return Optional.empty();
    }

    private Optional<X509CRLEntry> entry(X509Certificate cert, X509Certificate issuer) {
        for (X509CRL crl : crls(issuer)) {
            if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return Optional.ofNullable(crl.getRevokedCertificate(cert));
            }
        }
        return Optional.empty();
    }

    /** The CRLs {@code issuer} signed, fetched on first need; the signatures checked once. */
    private List<X509CRL> crls(X509Certificate issuer) {
        if (crls == null) {
            try {
                crls = List.copyOf(source.fetch());
            } catch (ServiceException e) {
                crls = List.of();
                notes.accept("revocation not checked: " + e.getMessage());
            }
        }
        return signed.computeIfAbsent(issuer, ca -> crls.stream().filter(crl -> crlSignedBy(crl, ca)).toList());
    }

    private static boolean applies(X509CRLEntry e, Optional<Instant> signedAt) {
        CRLReason reason = e.getRevocationReason();
        boolean compromised = reason == CRLReason.KEY_COMPROMISE || reason == CRLReason.CA_COMPROMISE;
        return compromised || signedAt.isEmpty() || !signedAt.get().isBefore(e.getRevocationDate().toInstant());
    }

    private static String reason(X509CRLEntry e) {
        CRLReason reason = e.getRevocationReason();
        return reason == null ? "unspecified" : reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean crlSignedBy(X509CRL crl, X509Certificate ca) {
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
