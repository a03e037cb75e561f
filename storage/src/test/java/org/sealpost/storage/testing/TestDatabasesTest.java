package org.sealpost.storage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;

/** The test databases clean up after themselves when JUnit closes the named arguments. */
class TestDatabasesTest {

    @Test
    void closingTheNamedArgumentRemovesTheDatabase() throws Exception {
        List<Named<TestDatabase>> both = TestDatabases.all().toList();
        assertThat(both).extracting(Named::getName).containsExactly("H2", "PostgreSQL");
        assertThat(both).allSatisfy(n -> assertThat(n).isInstanceOf(AutoCloseable.class));

        H2TestDatabase h2 = (H2TestDatabase) both.get(0).getPayload();
        h2.open();
        Path dir = h2.dataDir();
        assertThat(dir.resolve("db/sealpost.mv.db")).exists();
        ((AutoCloseable) both.get(0)).close();
        assertThat(dir).doesNotExist();

        PostgresTestDatabase pg = (PostgresTestDatabase) both.get(1).getPayload();
        pg.open();
        String schema = pg.schema();
        assertThat(schemaExists(schema)).isTrue();
        ((AutoCloseable) both.get(1)).close();
        assertThat(schemaExists(schema)).isFalse();
    }

    private static boolean schemaExists(String schema) throws Exception {
        try (Connection c = PostgresServer.instance().adminConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
