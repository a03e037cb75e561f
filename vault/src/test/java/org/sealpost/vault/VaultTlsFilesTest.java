package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.tls.CertificatePin;

/** A vault's TLS files: made by init, opened with the right password only, replaced, and absent from old vaults. */
class VaultTlsFilesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CertificatePin CLIENT = CertificatePin.of(VaultMutualTlsTest.client(Instant.now()).certificate());

    @TempDir
    Path data;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void initWithAGeneratedPasswordWritesPrivateFilesAndRecordsTheTrustedClients() throws Exception {
        VaultHome.Initialized init = VaultHome.init(data, new KekChoice.File(), null,
                Optional.of(new VaultTlsFiles.Setup(List.of("vault-a.example", "192.0.2.7"), Optional.empty(), Set.of(CLIENT))), RANDOM);
        VaultTlsFiles.Created created = init.tls().orElseThrow();
        Path dir = init.home().directory();
        assertThat(created.generatedPassword()).contains(dir.resolve(VaultTlsFiles.GENERATED_PASSWORD));
        assertThat(mode(dir.resolve(VaultTlsFiles.KEY_STORE))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve(VaultTlsFiles.GENERATED_PASSWORD))).isEqualTo("rw-------");
        assertThat(init.toString()).contains(created.pin().toString()).doesNotContain(new String(init.clientToken()));

        VaultHome home = VaultHome.load(data);
        assertThat(home.trustedClients()).containsExactly(CLIENT);
        assertThat(Files.readString(dir.resolve(VaultHome.PROPERTIES))).contains("tls.client.sha256=" + CLIENT.hex());
        Identity identity = home.tls().load(Optional.empty());
        assertThat(CertificatePin.of(identity.certificate())).isEqualTo(created.pin());
        assertThat(CertificatePin.of(home.tls().certificate())).as("the PEM copy").isEqualTo(created.pin());
        assertThat(identity.certificate().getSubjectX500Principal().getName()).contains(home.vaultId());

        assertThatThrownBy(() -> home.tls().load(Optional.of("wrong".toCharArray()))).isInstanceOf(VaultException.class)
                .hasMessageContaining("wrong PKCS#12 password");
        Files.delete(dir.resolve(VaultTlsFiles.GENERATED_PASSWORD));
        assertThatThrownBy(() -> home.tls().load(Optional.empty())).isInstanceOf(VaultException.class)
                .hasMessageContaining(VaultTlsFiles.PASSWORD_ENV);
    }

    @Test
    void anOperatorPasswordIsUsedAndNoFileIsWritten() {
        char[] password = "operator-secret".toCharArray();
        VaultHome.Initialized init = VaultHome.init(data, new KekChoice.File(), null,
                Optional.of(new VaultTlsFiles.Setup(VaultTlsFiles.DEFAULT_NAMES, Optional.of(password), Set.of())), RANDOM);
        assertThat(init.tls().orElseThrow().generatedPassword()).isEmpty();
        assertThat(init.home().directory().resolve(VaultTlsFiles.GENERATED_PASSWORD)).doesNotExist();
        assertThat(password).as("the caller's array is the caller's to wipe").containsExactly("operator-secret".toCharArray());
        assertThat(init.home().tls().load(Optional.of(password)).certificate()).isNotNull();
    }

    @Test
    void badNamesFailBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> VaultHome.init(data, new KekChoice.File(), null,
                Optional.of(new VaultTlsFiles.Setup(List.of("not a name"), Optional.empty(), Set.of())), RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
        assertThat(VaultHome.directory(data)).doesNotExist();
    }

    @Test
    void aVaultWithoutTlsGetsOneLaterAndReplacesItOnlyWhenAsked() {
        VaultHome home = VaultHome.init(data, new KekChoice.File(), null, RANDOM).home();
        assertThat(home.tls().exists()).isFalse();
        assertThatThrownBy(() -> home.tls().load(Optional.empty())).isInstanceOf(VaultException.class)
                .hasMessageContaining("no TLS certificate").hasMessageContaining("--insecure-http");

        VaultTlsFiles.Created first = home.tls().create(VaultTlsFiles.DEFAULT_NAMES, Optional.empty(), false, RANDOM, Instant.now());
        assertThatThrownBy(() -> home.tls().create(VaultTlsFiles.DEFAULT_NAMES, Optional.empty(), false, RANDOM, Instant.now()))
                .isInstanceOf(VaultException.class).hasMessageContaining("--replace");
        VaultTlsFiles.Created second = home.tls().create(List.of("vault-b.example"), Optional.empty(), true, RANDOM, Instant.now());
        assertThat(second.pin()).isNotEqualTo(first.pin());
        assertThat(second.generatedPassword()).as("the generated password is kept").isEmpty();
        assertThat(CertificatePin.of(home.tls().load(Optional.empty()).certificate())).isEqualTo(second.pin());
        assertThat(CertificatePin.of(home.tls().certificate())).isEqualTo(second.pin());

        VaultHome trusting = home.withTrustedClients(Set.of(CLIENT));
        assertThat(VaultHome.load(data).trustedClients()).containsExactly(CLIENT);
        trusting.withTrustedClients(Set.of());
        assertThat(VaultHome.load(data).trustedClients()).isEmpty();
    }

    @Test
    void aBrokenPinInVaultPropertiesIsNamed() throws Exception {
        VaultHome home = VaultHome.init(data, new KekChoice.File(), null, RANDOM).home();
        Path properties = home.directory().resolve(VaultHome.PROPERTIES);
        Files.writeString(properties, Files.readString(properties) + "tls.client.sha256=abc\n");
        assertThatThrownBy(() -> VaultHome.load(data)).isInstanceOf(VaultException.class)
                .hasMessageContaining("tls.client.sha256");
    }
}
