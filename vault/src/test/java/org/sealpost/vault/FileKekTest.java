package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file: 0600, exactly 32 bytes, never replaced, refused when others may read it. */
class FileKekTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyFileAndReadsItBack() throws Exception {
        Path file = dir.resolve("vault/kek.key");
        byte[] sealed;
        try (FileKek kek = FileKek.create(file, RANDOM)) {
            assertThat(kek.type()).isEqualTo("file");
            sealed = kek.seal("share".getBytes(), "aad".getBytes());
            assertThat(kek.toString()).doesNotContain(java.util.HexFormat.of().formatHex(Files.readAllBytes(file)));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        try (FileKek again = FileKek.load(file, RANDOM)) {
            assertThat(again.open(sealed, "aad".getBytes())).isEqualTo("share".getBytes());
            assertThatThrownBy(() -> again.open(sealed, "other".getBytes())).isInstanceOf(AEADBadTagException.class);
            byte[] cut = java.util.Arrays.copyOf(sealed, 20);
            assertThatThrownBy(() -> again.open(cut, "aad".getBytes())).isInstanceOf(AEADBadTagException.class);
            // A fresh nonce each time.
            assertThat(again.seal(new byte[8], new byte[0])).isNotEqualTo(again.seal(new byte[8], new byte[0]));
        }
        assertThatThrownBy(() -> FileKek.create(file, RANDOM)).isInstanceOf(VaultException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void refusesAKeyFileOthersMayRead() throws Exception {
        Path file = dir.resolve("kek.key");
        FileKek.create(file, RANDOM).close();
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> FileKek.load(file, RANDOM)).isInstanceOf(VaultException.class)
                    .hasMessageContaining("refusing to use the key file " + file)
                    .hasMessageContaining(mode)
                    .hasMessageContaining("chmod 600");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        FileKek.load(file, RANDOM).close();
    }

    @Test
    void refusesAMissingOrMalformedKeyFile() throws Exception {
        assertThatThrownBy(() -> FileKek.load(dir.resolve("none"), RANDOM)).isInstanceOf(VaultException.class)
                .hasMessageContaining("does not exist");
        Path shortFile = dir.resolve("short.key");
        Files.write(shortFile, new byte[31]);
        Files.setPosixFilePermissions(shortFile, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> FileKek.load(shortFile, RANDOM)).isInstanceOf(VaultException.class)
                .hasMessageContaining("expected 32 bytes, found 31");
    }

    @Test
    void aClosedKeyIsNotUsed() {
        FileKek kek = FileKek.create(dir.resolve("k"), RANDOM);
        kek.close();
        assertThatThrownBy(() -> kek.seal(new byte[1], new byte[0])).isInstanceOf(IllegalStateException.class);
    }
}
