package org.sealpost.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.testing.TestDatabase;

/** Opening, migrating and transactions, on H2 and PostgreSQL. */
class DatabaseTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";

    @ParameterizedTest
    @MethodSource(BOTH)
    void migrationsApplyOnceAndCreateTheAuditTables(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        assertThat(db.dialect()).isEqualTo(testDb.dialect());
        assertThat(appliedVersions(db)).contains("1");
        assertThat(count(db, "SELECT COUNT(*) FROM audit_log")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM audit_chain_head")).isEqualTo(1);

        // A second open (a restart, or another process) finds the schema current and changes nothing.
        try (Database again = Database.open(testDb.config())) {
            assertThat(appliedVersions(again)).isEqualTo(appliedVersions(db));
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aDatabaseMigratedByANewerBuildStillOpens(TestDatabase testDb) throws Exception {
        testDb.open().close();
        DatabaseConfig config = testDb.config();
        try (Database db = Database.open(config)) {
            // A newer build (or a module this process lacks, such as the CA) applied V99.
            org.flywaydb.core.Flyway.configure().dataSource(db.dataSource())
                    .locations(Database.MIGRATIONS, "classpath:db/future").load().migrate();
            assertThat(appliedVersions(db)).contains("1", "99");
        }
        try (Database db = Database.open(config)) {
            assertThat(count(db, "SELECT COUNT(*) FROM from_a_newer_build")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void commitsWhenTheWorkReturns(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        createProbeTable(db);
        int inserted = db.inTransaction(c -> insert(c, 1) + insert(c, 2));
        assertThat(inserted).isEqualTo(2);
        assertThat(count(db, "SELECT COUNT(*) FROM tx_probe")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void rollsBackEverythingWhenTheWorkThrows(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        createProbeTable(db);

        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.inTransaction(c -> {
            insert(c, 1);
            insert(c, 2);
            throw boom;
        })).isSameAs(boom);
        assertThat(count(db, "SELECT COUNT(*) FROM tx_probe")).isZero();

        // A failing statement half-way: the first insert is rolled back too, and the SQLException
        // comes out as a StorageException.
        assertThatThrownBy(() -> db.inTransaction(c -> {
            insert(c, 1);
            return insert(c, 1); // duplicate key
        })).isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class).hasMessageStartingWith("database error: ");
        assertThat(count(db, "SELECT COUNT(*) FROM tx_probe")).isZero();

        // The pool hands out healthy auto-commit connections afterwards.
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    private static void createProbeTable(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tx_probe (id INTEGER PRIMARY KEY)");
        }
    }

    private static int insert(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tx_probe (id) VALUES (?)")) {
            ps.setInt(1, id);
            return ps.executeUpdate();
        }
    }

    static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static java.util.List<String> appliedVersions(Database db) throws SQLException {
        java.util.List<String> versions = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).isTrue();
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
