package org.sealpost.storage.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.Dialect;

/**
 * A fresh schema {@code t_<random>} on the test PostgreSQL server, selected through the URL's
 * {@code currentSchema} parameter, so that tests never see each other's tables.
 */
final class PostgresTestDatabase implements TestDatabase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresServer server;
    private final List<Database> opened = new ArrayList<>();
    private String schema;

    PostgresTestDatabase(PostgresServer server) {
        this.server = server;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public synchronized DatabaseConfig config() {
        if (schema == null) {
            server.requireReachable();
            String name = "t_" + HexFormat.of().formatHex(randomBytes());
            execute("CREATE SCHEMA " + name);
            schema = name;
        }
        return new DatabaseConfig(server.urlWith("currentSchema=" + schema), server.user(), server.password(), 5);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The schema name, once created. */
    synchronized String schema() {
        return schema;
    }

    @Override
    public synchronized Database open() {
        Database db = Database.open(config());
        opened.add(db);
        return db;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Database::close);
        opened.clear();
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
    }

    private void execute(String sql) {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test setup failed (" + sql + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }
}
