package org.sealpost.storage;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A process for {@link DatabaseFailureTest}: opens an H2 file the exclusive way (without
 * AUTO_SERVER), says so on stdout, and holds it until its stdin closes.
 *
 * <p>Argument: the H2 URL.
 */
public final class HoldingProcess {
    private HoldingProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            System.out.println(c.isValid(5) ? "holding" : "not valid");
            System.out.flush();
            System.in.read();
        }
    }
}
