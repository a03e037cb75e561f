package org.sealpost.cli.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.storage.Database;

/** Opens the existing database that short read commands use (audit, admin recovery statement). */
public final class AuditDatabases {
    // A short command needs one connection; a second covers the pool's housekeeping.
    private static final int POOL_SIZE = 2;

    private AuditDatabases() {
    }

    /**
     * Opens the database of {@code options}. An embedded database must already exist: checking a
     * mistyped --data must not create an empty database and report it intact.
     */
    public static Database open(DatabaseOptions options) throws CliException {
        if (options.embedded()) {
            Path file = options.dataDir().resolve("db").resolve("sealpost.mv.db");
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, "no database in " + options.dataDir() + " (" + file + " does not exist)");
            }
        }
        return Database.open(options.config(POOL_SIZE));
    }
}
