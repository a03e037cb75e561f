package org.sealpost.cli.ca;

import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.ca.CaException;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.service.IssuanceService;
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

    private CaContext(Database db, CaServices services) {
        this.db = db;
        this.services = services;
    }

    static CaContext open(DatabaseOptions options, CaPasswordOption password, boolean cabfStrict)
            throws CaException, CliException {
        if (!java.nio.file.Files.exists(org.sealpost.ca.setup.CaLayout.of(options.dataDir()).properties())) {
            throw new CliException(org.sealpost.cli.ExitCodes.USAGE, "no CA in " + options.dataDir()
                    + " (create one with: sealpost ca init --data " + options.dataDir() + ")");
        }
        LoadedCa ca = CaHierarchy.load(options.dataDir(),
                CaPasswords.forExisting(options.dataDir(), password.password()));
        Database db = Database.open(options.config(POOL_SIZE));
        try {
            Clock clock = Clock.systemUTC();
            CaServices services = CaServices.open(ca, db, new AuditLog(db, clock),
                    cabfStrict ? ca.properties().policy().withCabfStrict(true) : ca.properties().policy(), new SecureRandom(), clock);
            return new CaContext(db, services);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Refuses an output path inside the CA's or the database's directory: overwriting root.pem or a
     * database file with a certificate would break the CA for every later command.
     */
    static void requireOutsideData(java.nio.file.Path out, java.nio.file.Path dataDir) throws CliException {
        java.nio.file.Path target = out.toAbsolutePath().normalize();
        java.nio.file.Path data = dataDir.toAbsolutePath().normalize();
        for (String kept : java.util.List.of("ca", "db", "vault", "vaults")) {
            if (target.startsWith(data.resolve(kept))) {
                throw new CliException(org.sealpost.cli.ExitCodes.USAGE, "refusing to write " + out + " inside "
                        + data.resolve(kept) + ", where Sealpost keeps its own files");
            }
        }
    }

    CaServices services() {
        return services;
    }

    /**
     * The service that issues certificates of {@code profile}: the root for timestamping (see
     * {@link CaServices#rootIssuance()}), the issuing CA for everything else.
     */
    IssuanceService issuance(String profile) {
        return services.issuanceFor(profile);
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
