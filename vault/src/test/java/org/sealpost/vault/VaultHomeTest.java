package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DATA/vault/}: what init writes, with which modes, and that it happens once. */
class VaultHomeTest {
    @TempDir
    Path data;

    @Test
    void initWritesTheIdTheKeyAndTheTokenOnce() throws Exception {
        VaultHome.Initialized init = VaultHome.init(data, new KekChoice.File(), null, new SecureRandom());
        Path dir = data.resolve("vault");
        String token = new String(init.clientToken());
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(init.toString()).doesNotContain(token);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("kek.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("client-token"))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("client-token")).strip()).isEqualTo(token);
        String props = Files.readString(dir.resolve("vault.properties"));
        assertThat(props).contains("vault.id=" + init.home().vaultId(), "kek.type=file", "client.token.sha256=")
                .doesNotContain(token);

        VaultHome home = VaultHome.load(data);
        assertThat(home.vaultId()).isEqualTo(init.home().vaultId()).matches("[0-9a-f-]{36}");
        assertThat(home.credential().matches(token)).isTrue();
        assertThat(home.credential().matches(token + "x")).isFalse();
        assertThat(home.credential().matches("")).isFalse();
        assertThat(home.credential().matches(null)).isFalse();

        assertThatThrownBy(() -> VaultHome.init(data, new KekChoice.File(), null, new SecureRandom()))
                .isInstanceOf(VaultException.class).hasMessageContaining("a vault already exists in");
        assertThat(VaultHome.load(data).vaultId()).isEqualTo(home.vaultId());
    }

    @Test
    void eachVaultHasItsOwnIdKeyAndDatabase() {
        VaultHome a = VaultHome.init(data.resolve("a"), new KekChoice.File(), null, new SecureRandom()).home();
        VaultHome b = VaultHome.init(data.resolve("b"), new KekChoice.File(), null, new SecureRandom()).home();
        assertThat(a.vaultId()).isNotEqualTo(b.vaultId());
        assertThat(a.embeddedDatabase().jdbcUrl()).contains(data.resolve("a/vault/db/sealpost").toString());
        try (VaultService sa = VaultService.open(data.resolve("a"), Optional.empty(), null);
             VaultService sb = VaultService.open(data.resolve("b"), Optional.empty(), null)) {
            sa.vault().put("k", new byte[] {1});
            assertThat(sb.vault().get("k")).isEmpty();
            assertThat(sa.client().vaultId()).isEqualTo(a.vaultId());
        }
    }

    @Test
    void loadingWithoutInitSaysWhatToRun() {
        assertThatThrownBy(() -> VaultHome.load(data)).isInstanceOf(VaultException.class)
                .hasMessageContaining("no vault in").hasMessageContaining("sealpost vault init");
        assertThatThrownBy(() -> VaultService.open(data, Optional.empty(), null)).isInstanceOf(VaultException.class);
    }

    @Test
    void aKeyFileMadeReadableStopsTheVault() throws Exception {
        VaultHome.init(data, new KekChoice.File(), null, new SecureRandom());
        Files.setPosixFilePermissions(data.resolve("vault/kek.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> VaultService.open(data, Optional.empty(), null)).isInstanceOf(VaultException.class)
                .hasMessageContaining("readable by its owner only");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
