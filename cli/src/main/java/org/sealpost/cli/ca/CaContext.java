package org.sealpost.cli.ca;

import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.service.IssuanceService;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.setup.CaHierarchy;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;

/**
 * An existing CA opened for one command: its keys and the database it records into. The embedded
 * database runs in H2's auto-server mode, so this works while a server holds the same data directory.
 */
final class CaContext implements AutoCloseable {
    /** A command issues or revokes one certificate at a time. */
    private static final int POOL_SIZE = 2;

    private final Database db;
    private final CaServices services;
    private final AuditLog audit;
    private final CaPolicy policy;
    private final SecureRandom random;
    private final Clock clock;

    private CaContext(Database db, CaServices services, AuditLog audit, CaPolicy policy, SecureRandom random,
            Clock clock) {
        this.db = db;
        this.services = services;
        this.audit = audit;
        this.policy = policy;
        this.random = random;
        this.clock = clock;
    }

    static CaContext open(DatabaseOptions options, CaPasswordOption password, boolean cabfStrict)
            throws CaException, CliException {
        LoadedCa ca = CaHierarchy.load(options.dataDir(),
                CaPasswords.forExisting(options.dataDir(), password.password()));
        Database db = Database.open(options.config(POOL_SIZE));
        try {
            Clock clock = Clock.systemUTC();
            AuditLog audit = new AuditLog(db, clock);
            CaPolicy policy = CaPolicy.defaults().withCabfStrict(cabfStrict);
            SecureRandom random = new SecureRandom();
            CaServices services = CaServices.open(ca, db, audit, policy, random, clock);
            return new CaContext(db, services, audit, policy, random, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    CaServices services() {
        return services;
    }

    /**
     * The service that issues certificates of {@code profile}. Subscriber (S/MIME) certificates come
     * from the issuing CA; a timestamping certificate comes from the root, like the one {@code ca init}
     * makes: the issuing CA is restricted to emailProtection, so a TSA certificate below it would not
     * be valid for timeStamping in verifiers that check the EKU along the chain.
     */
    IssuanceService issuance(String profile) {
        if (!Profiles.TIMESTAMPING.equals(profile)) {
            return services.issuance();
        }
        LoadedCa ca = services.ca();
        CertificateAuthority root = new CertificateAuthority(ca.root(), ca.rootSigner(), LoadedCa.ROOT,
                Profiles.standard(), policy, new CaUrls(ca.properties().baseUrl()), CertificateLinter.standard(), random,
                clock);
        return new IssuanceService(db, new CertificateRepository(), audit, root, LoadedCa.ROOT, clock);
    }

    /**
     * The commonName a timestamping certificate gets when the operator names none: the CA's
     * organization (from the root certificate, as {@code ca init} set it) followed by "Timestamping".
     */
    String defaultTimestampingName() {
        var name = org.bouncycastle.asn1.x500.X500Name.getInstance(services.ca().root().getSubjectX500Principal().getEncoded());
        for (var rdn : name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.O)) {
            return org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdn.getFirst().getValue()) + " Timestamping";
        }
        return "Sealpost Timestamping";
    }

    @Override
    public void close() {
        db.close();
    }
}
