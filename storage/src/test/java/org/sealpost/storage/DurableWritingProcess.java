package org.sealpost.storage;

import java.sql.PreparedStatement;

/**
 * A process for {@link DurableCommitTest}: inserts rows into {@code durable_probe} with
 * {@link Database#inDurableTransaction} as fast as it can and prints {@code committed <id>} after
 * each, until it is killed.
 *
 * <p>Arguments: JDBC URL, user; the password, if any, in {@value #PASSWORD_VARIABLE}.
 */
public final class DurableWritingProcess {
    static final String PASSWORD_VARIABLE = "SEALPOST_TEST_DB_PASSWORD";

    private DurableWritingProcess() {
    }

    public static void main(String[] args) {
        String password = System.getenv(PASSWORD_VARIABLE);
        Database db = Database.open(new DatabaseConfig(args[0], args[1], password == null ? null : password.toCharArray(), 2));
        for (int id = 1; ; id++) {
            int row = id;
            db.inDurableTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO durable_probe (id) VALUES (?)")) {
                    ps.setInt(1, row);
                    return ps.executeUpdate();
                }
            });
            System.out.println("committed " + id);
        }
    }
}
