package org.sealpost.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new embedded database is private: 0700 directories, a random password in a 0600 file. */
class EmbeddedCredentialsTest {

    @Test
    void aNewEmbeddedDatabaseGetsAPrivateDirectoryAndARandomPassword(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        DatabaseConfig config = DatabaseConfig.embedded(dataDir);

        assertThat(config.password()).isNotNull().hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("db")))).isEqualTo("rwx------");
        Path credentials = dataDir.resolve("db").resolve(EmbeddedCredentials.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(config.toString()).doesNotContain(new String(config.password()));

        try (Database db = Database.open(config)) {
            assertThat(db.<Boolean>inTransaction(c -> c.isValid(2))).isTrue();
        }
        // Another process (or command) finds the same password; anyone without it is refused.
        assertThat(DatabaseConfig.embedded(dataDir).password()).isEqualTo(config.password());
        DatabaseConfig wrong = new DatabaseConfig(config.jdbcUrl(), "sa", "guess".toCharArray(), 1);
        assertThatThrownBy(() -> Database.open(wrong)).isInstanceOf(StorageException.class)
                .hasMessageContaining("authentication failed");
    }
}
