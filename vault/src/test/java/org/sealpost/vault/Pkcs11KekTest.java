package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * A KEK on a SoftHSM token: generated there as a sensitive, non-extractable AES-256 key, AES-GCM done
 * by the token through SunPKCS11. SOFTHSM2_CONF is set by surefire (vault/pom.xml) to
 * target/softhsm/softhsm2.conf; this class writes it and initialises a fresh token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pkcs11KekTest {
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final char[] PIN = "4321".toCharArray();

    private Pkcs11Settings settings;
    private Throwable wrongPinError;

    @BeforeAll
    void initToken() throws Exception {
        SharedFixtures.requireTool("softhsm2-util", "--version");
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.exists(LIBRARY)) {
            String what = conf == null ? "SOFTHSM2_CONF is not set (surefire sets it; run through Maven)"
                    : LIBRARY + " is missing";
            if (SharedFixtures.required()) {
                Assertions.fail(what + " (mandatory under .ci/run)");
            }
            System.err.println("NOTICE: " + what + ": PKCS#11 vault tests skipped.");
            Assumptions.abort("NOTICE: " + what);
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (var walk = Files.walk(tokens)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "sealpost-vault",
                "--pin", new String(PIN), "--so-pin", "8765").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        settings = Pkcs11Settings.slot(LIBRARY, Long.parseLong(m.group(1)));
        // Before any login: PKCS#11 login state is per process, so a later wrong PIN would find the token open.
        try {
            Pkcs11Kek.open(settings, "0000".toCharArray(), new SecureRandom());
        } catch (VaultException e) {
            wrongPinError = e;
        }
    }

    @Test
    void aVaultOnTheTokenKeyStoresAndAuthenticatesShares() throws Exception {
        Path data = Files.createTempDirectory("sealpost-vault-p11");
        VaultHome.Initialized init = VaultHome.init(data, new KekChoice.Pkcs11(settings), PIN, new SecureRandom());
        assertThat(data.resolve("vault/kek.key")).doesNotExist();
        assertThat(data.resolve("vault/vault.properties")).content()
                .contains("kek.type=pkcs11", "pkcs11.slot=" + settings.slot().getAsLong(), "pkcs11.keyLabel=sealpost-vault-kek")
                .doesNotContain(new String(PIN));

        try (Pkcs11Kek kek = Pkcs11Kek.open(settings, PIN, new SecureRandom())) {
            assertThat(kek.type()).isEqualTo("pkcs11");
            assertThat(kek.key().getEncoded()).as("a sensitive token key has no encoding").isNull();
            byte[] sealed = kek.seal("a share".getBytes(), "aad".getBytes());
            assertThat(sealed).hasSize(Kek.NONCE_BYTES + 7 + Kek.TAG_BYTES);
            assertThat(kek.open(sealed, "aad".getBytes())).isEqualTo("a share".getBytes());
            assertThatThrownBy(() -> kek.open(sealed, "other".getBytes())).isInstanceOf(AEADBadTagException.class);
            sealed[Kek.NONCE_BYTES] ^= 1;
            assertThatThrownBy(() -> kek.open(sealed, "aad".getBytes())).isInstanceOf(AEADBadTagException.class);
        }

        try (VaultService service = VaultService.open(data, Optional.empty(), PIN)) {
            Vault vault = service.vault();
            assertThat(vault.vaultId()).isEqualTo(init.home().vaultId());
            byte[] share = new byte[300];
            new SecureRandom().nextBytes(share);
            assertThat(vault.put("p11-key", share)).isTrue();
            assertThat(vault.put("p11-key", share)).isFalse();
            assertThat(vault.get("p11-key")).hasValueSatisfying(v -> assertThat(v).isEqualTo(share));
        }

        // The token key does not open rows sealed under a file KEK, and a second init does not replace the token key.
        try (TestDatabase h2 = TestDatabases.h2()) {
            var db = h2.open();
            Path keyFile = data.resolve("file.key");
            Vault fileVault = new Vault("same-id", db, FileKek.create(keyFile, new SecureRandom()), Clock.systemUTC());
            fileVault.put("k", new byte[] {1, 2});
            Vault tokenVault = new Vault("same-id", db, Pkcs11Kek.open(settings, PIN, new SecureRandom()), Clock.systemUTC());
            assertThatThrownBy(() -> tokenVault.get("k")).isExactlyInstanceOf(VaultException.class)
                    .hasMessageContaining("failed authentication");
        }
        Path again = Files.createTempDirectory("sealpost-vault-p11-again");
        assertThatThrownBy(() -> VaultHome.init(again, new KekChoice.Pkcs11(settings), PIN, new SecureRandom()))
                .isInstanceOf(VaultException.class).hasMessageContaining("already holds a key labelled");
        assertThatThrownBy(() -> VaultService.open(data, Optional.empty(), null)).isInstanceOf(VaultException.class)
                .hasMessageContaining("PIN");
    }

    @Test
    void wrongPinIsSaidPlainly() {
        assertThat(wrongPinError).isInstanceOf(VaultException.class).hasMessage("wrong PKCS#11 token PIN");
    }
}
