package org.sealpost.cli.ca;

import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.ca.CaException;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.ca.service.CaServices;
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

    CaServices services() {
        return services;
    }

    @Override
    public void close() {
        db.close();
    }
}
