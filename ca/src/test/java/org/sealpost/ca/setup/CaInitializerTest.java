package org.sealpost.ca.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.ca.testing.Tool;
import org.sealpost.core.testing.SharedFixtures;

/** Creating a CA directory, and loading it back with the right, wrong or no password. */
class CaInitializerTest {
    @TempDir
    Path dir;

    private static CaInitializer initializer() {
        return new CaInitializer(new SecureRandom(), Clock.systemUTC());
    }

    @Test
    void createsTheLayoutAndLoadsItBack() throws Exception {
        InitResult r = initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), TestCa.PASSWORD);
        Path ca = dir.resolve("ca");
        assertThat(ca.resolve("root.pem")).exists();
        assertThat(ca.resolve("issuing.pem")).exists();
        assertThat(ca.resolve("tsa.pem")).exists();
        assertThat(ca.resolve("ca.properties")).content().contains("algorithm=ec", "keystore.type=pkcs12")
                .doesNotContain("test-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca-keys.p12")))).isEqualTo("rw-------");
        assertThat(r.warning()).isEmpty();
        assertThat(ca.resolve("ca-password")).doesNotExist();

        LoadedCa loaded = CaHierarchy.load(dir, TestCa.PASSWORD);
        assertThat(loaded.root()).isEqualTo(r.ca().root());
        assertThat(loaded.issuing().getBasicConstraints()).isZero();
        assertThat(loaded.tsa().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(loaded.toString()).doesNotContain("PRIVATE");
        var cert = loaded.issuingAuthority(CaPolicy.defaults(), new SecureRandom(), Clock.systemUTC())
                .issue(IssuanceRequest.forKey(TestKeys.EC_P256.getPublic(), Profiles.SIGNING_V1).withEmails(List.of("a@example.org")));
        cert.certificate().verify(loaded.issuing().getPublicKey());
    }

    @Test
    void wrongPasswordIsSaidPlainly() throws Exception {
        initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), TestCa.PASSWORD);
        assertThatThrownBy(() -> CaHierarchy.load(dir, "nope".toCharArray()))
                .isInstanceOf(CaException.KeyStoreFailure.class).hasMessage("wrong CA key store password");
    }

    @Test
    void missingAndCorruptedFilesAreSaidPlainly() throws Exception {
        assertThatThrownBy(() -> CaHierarchy.load(dir, TestCa.PASSWORD))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("no CA found");
        initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), TestCa.PASSWORD);
        Path p12 = dir.resolve("ca/ca-keys.p12");
        byte[] bytes = Files.readAllBytes(p12);
        Files.write(p12, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> CaHierarchy.load(dir, TestCa.PASSWORD))
                .isInstanceOf(CaException.KeyStoreFailure.class).hasMessageContaining("damaged");
        Files.delete(p12);
        assertThatThrownBy(() -> CaHierarchy.load(dir, TestCa.PASSWORD))
                .isInstanceOf(CaException.KeyStoreFailure.class).hasMessageContaining("does not exist");
        Files.delete(dir.resolve("ca/issuing.pem"));
        assertThatThrownBy(() -> CaHierarchy.load(dir, TestCa.PASSWORD))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("issuing.pem is missing");
    }

    @Test
    void refusesToOverwriteAnExistingCa() throws Exception {
        initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), TestCa.PASSWORD);
        byte[] before = Files.readAllBytes(dir.resolve("ca/root.pem"));
        assertThatThrownBy(() -> initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), TestCa.PASSWORD))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("already exists");
        assertThat(Files.readAllBytes(dir.resolve("ca/root.pem"))).isEqualTo(before);
    }

    @Test
    void withoutAPasswordOneIsGeneratedIntoAPrivateFile() throws Exception {
        InitResult r = initializer().initialize(dir, CaSetup.defaults(TestCa.URLS), null);
        Path pw = dir.resolve("ca/ca-password");
        assertThat(r.passwordGenerated()).isTrue();
        assertThat(r.warning().orElseThrow()).contains("no SEALPOST_CA_PASSWORD set", pw.toString(), "0600", "back it up");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pw))).isEqualTo("rw-------");
        String password = Files.readString(pw).strip();
        assertThat(password).matches("[A-Za-z0-9_-]{32}");
        assertThat(r.warning().orElseThrow()).doesNotContain(password);
        assertThat(CaHierarchy.load(dir, password.toCharArray()).root()).isEqualTo(r.ca().root());
    }

    @Test
    void rsaHierarchyVerifiesWithOpenssl() throws Exception {
        InitResult r = initializer().initialize(dir, CaSetup.defaults(TestCa.URLS).withAlgorithm(CaAlgorithm.RSA), TestCa.PASSWORD);
        assertThat(r.ca().root().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(r.ca().root().getSigAlgName()).isEqualTo("SHA256withRSA");
        var cert = r.ca().issuingAuthority(CaPolicy.defaults(), new SecureRandom(), Clock.systemUTC())
                .issue(IssuanceRequest.forKey(TestKeys.RSA_2048.getPublic(), Profiles.ENCRYPTION).withEmails(List.of("a@example.org")));
        SharedFixtures.requireTool("openssl", "version");
        Path leaf = dir.resolve("leaf.pem");
        Files.writeString(leaf, cert.pem());
        Path ca = dir.resolve("ca");
        Tool.Result v = Tool.run("openssl", "verify", "-CAfile", ca.resolve("root.pem").toString(), "-untrusted",
                ca.resolve("issuing.pem").toString(), "-purpose", "smimeencrypt", leaf.toString());
        assertThat(v.ok()).as(v.describe()).isTrue();
        Tool.Result t = Tool.run("openssl", "verify", "-CAfile", ca.resolve("root.pem").toString(), "-purpose", "timestampsign",
                ca.resolve("tsa.pem").toString());
        assertThat(t.ok()).as(t.describe()).isTrue();
    }
}
