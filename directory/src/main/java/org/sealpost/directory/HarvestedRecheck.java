package org.sealpost.directory;

import java.net.http.HttpClient;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled revocation re-check of harvested certificates: each is checked once per
 * {@code interval}, through its CA's OCSP responder or CRLs ({@link RevocationCheck}); one found
 * revoked leaves the answers at once (and is audited as {@code directory.revoked}, naming the source).
 * A CA that cannot be asked, or does not know the certificate, leaves it as it was until the next
 * round. Certificates of this service's CA need no re-check: look-ups read its records.
 */
public final class HarvestedRecheck {
    private static final Logger LOG = LoggerFactory.getLogger(HarvestedRecheck.class);
    /** How many certificates one run checks at most; the next run takes the rest. */
    static final int BATCH = 200;
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration interval;
    private final RevocationCheck revocations;
    private final DirectoryStore store = new DirectoryStore();

    /** @param interval how long a check holds before the certificate is checked again */
    public HarvestedRecheck(Database db, AuditLog audit, Clock clock, Duration interval) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        BoundedHttp http = new BoundedHttp(HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build(), FETCH_TIMEOUT);
        this.revocations = new RevocationCheck(new OcspCheck(http, clock), new CrlCheck(http, clock));
    }

    /** Checks the certificates that are due; how many were found revoked. */
    public int run() {
        Instant started = clock.instant();
        List<DirectoryStore.Due> due = db.inTransaction(c -> store.harvestedDue(c, started.minus(interval), BATCH));
        int revoked = 0;
        for (DirectoryStore.Due d : due) {
            Optional<RevocationCheck.Answer> answer = revocation(d);
            Optional<Instant> revokedAt = answer.flatMap(RevocationCheck.Answer::revokedAt);
            Instant now = clock.instant();
            db.inTransaction(c -> {
                store.markChecked(c, d, revokedAt, now);
                if (revokedAt.isPresent()) {
                    audit.append(c, new AuditEvent(Directory.ACTOR, "directory.revoked", d.fingerprint(),
                            "address=" + d.addressKey() + " revoked-at=" + revokedAt.get() + " via=" + answer.get().source()));
                }
                return null;
            });
            revoked += revokedAt.isPresent() ? 1 : 0;
        }
        return revoked;
    }

    /** What the CA said, or empty when the stored certificates cannot be read again or the issuer is not known. */
    private Optional<RevocationCheck.Answer> revocation(DirectoryStore.Due due) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate cert = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(due.der()));
            if (due.issuerDer() == null) {
                return Optional.empty();
            }
            X509Certificate issuer = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(due.issuerDer()));
            RevocationCheck.Answer answer = revocations.check(cert, issuer);
            if (answer.status() instanceof RevocationStatus.Unknown u) {
                LOG.debug("revocation of {} unknown: {}", due.fingerprint(), u.why());
            }
            return Optional.of(answer);
        } catch (CertificateException e) {
            LOG.warn("stored certificate {} cannot be read again; left as it is", due.fingerprint());
            return Optional.empty();
        }
    }
}
