package org.sealpost.storage.audit;

import java.time.Clock;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;

/**
 * A second process for {@link TwoProcessAuditTest}: opens the database by URL, as a CLI command
 * beside the running server would, and appends records.
 *
 * <p>Arguments: JDBC URL, user, number of records, actor name.
 */
public final class AppendingProcess {
    /** Environment variable carrying the database password, if any. */
    static final String PASSWORD_VARIABLE = "SEALPOST_TEST_DB_PASSWORD";

    private AppendingProcess() {
    }

    public static void main(String[] args) {
        String password = System.getenv(PASSWORD_VARIABLE);
        DatabaseConfig config = new DatabaseConfig(args[0], args[1], password == null ? null : password.toCharArray(), 2);
        int count = Integer.parseInt(args[2]);
        try (Database db = Database.open(config)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            for (int i = 0; i < count; i++) {
                log.append(new AuditEvent(args[3], "test.append", "record " + i, ""));
            }
        }
        System.out.println("appended " + count);
    }
}
