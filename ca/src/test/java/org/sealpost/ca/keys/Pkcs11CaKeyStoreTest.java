package org.sealpost.ca.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.setup.CaHierarchy;
import org.sealpost.ca.setup.CaInitializer;
import org.sealpost.ca.setup.CaSetup;
import org.sealpost.ca.setup.InitResult;
import org.sealpost.ca.setup.KeyStoreChoice;
import org.sealpost.ca.setup.LoadedCa;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.ca.testing.Tool;
import org.sealpost.core.testing.SharedFixtures;

/**
 * A CA whose keys live on a SoftHSM token: generated there non-extractable, signing through SunPKCS11.
 * SOFTHSM2_CONF is set by surefire (ca/pom.xml) to target/softhsm/softhsm2.conf; this class writes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pkcs11CaKeyStoreTest {
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final char[] PIN = "1234".toCharArray();

    private Pkcs11Settings settings;
    private Path dataDir;
    private InitResult init;
    private Throwable wrongPinError;

    @BeforeAll
    void initTokenAndCa() throws Exception {
        SharedFixtures.requireTool("softhsm2-util", "--version");
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.exists(LIBRARY)) {
            String what = conf == null ? "SOFTHSM2_CONF is not set (surefire sets it; run through Maven)"
                    : LIBRARY + " is missing";
            if (SharedFixtures.required()) {
                org.junit.jupiter.api.Assertions.fail(what + " (mandatory under .ci/run)");
            }
            System.err.println("NOTICE: " + what + ": PKCS#11 tests skipped.");
            org.junit.jupiter.api.Assumptions.abort("NOTICE: " + what);
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (var walk = Files.walk(tokens)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Tool.Result r = Tool.run(null, Map.of("SOFTHSM2_CONF", conf), "softhsm2-util", "--init-token", "--free",
                "--label", "sealpost-ca", "--pin", new String(PIN), "--so-pin", "5678");
        assertThat(r.ok()).as(r.describe()).isTrue();
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        settings = Pkcs11Settings.slot(LIBRARY, Long.parseLong(m.group(1)));
        // Before any login: PKCS#11 login state is per process, so a later wrong PIN would find the token open.
        try {
            Pkcs11CaKeyStore.open(settings, "0000".toCharArray());
        } catch (CaException.KeyStoreFailure e) {
            wrongPinError = e;
        }
        dataDir = Files.createTempDirectory("sealpost-p11");
        init = new CaInitializer(new SecureRandom(), Clock.systemUTC())
                .initialize(dataDir, CaSetup.defaults(TestCa.URLS).withKeyStore(new KeyStoreChoice.Pkcs11(settings)), PIN);
    }

    @Test
    void aSecondCaOnTheSameTokenIsRefusedAndTheFirstKeepsWorking() throws Exception {
        Path other = Files.createTempDirectory("sealpost-p11-second");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CaInitializer(new SecureRandom(), Clock.systemUTC())
                        .initialize(other, CaSetup.defaults(TestCa.URLS).withKeyStore(new KeyStoreChoice.Pkcs11(settings)), PIN))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("already holds a CA key");
        assertThat(org.sealpost.ca.setup.CaHierarchy.load(dataDir, PIN).root()).isEqualTo(init.ca().root());
    }

    @Test
    void keysLiveOnTheTokenAndCannotBeExported() {
        LoadedCa ca = init.ca();
        assertThat(ca.issuingSigner().provider()).isPresent();
        assertThat(ca.issuingSigner().key().getEncoded()).as("a sensitive token key has no encoding").isNull();
        assertThat(Files.exists(dataDir.resolve("ca/ca-keys.p12"))).isFalse();
        assertThat(dataDir.resolve("ca/ca.properties")).content().contains("keystore.type=pkcs11", "pkcs11.slot=")
                .doesNotContain("1234");
    }

    @Test
    void issuesCertificatesThatOpensslVerifies() throws Exception {
        LoadedCa ca = CaHierarchy.load(dataDir, PIN);
        var cert = ca.issuingAuthority(CaPolicy.defaults(), new SecureRandom(), Clock.systemUTC())
                .issue(IssuanceRequest.forKey(TestKeys.RSA_2048.getPublic(), Profiles.SIGNING_V1)
                        .withEmails(List.of("alice@example.org")));
        cert.certificate().verify(ca.issuing().getPublicKey());
        SharedFixtures.requireTool("openssl", "version");
        Path leaf = dataDir.resolve("leaf.pem");
        Files.writeString(leaf, cert.pem());
        Path dir = dataDir.resolve("ca");
        Tool.Result v = Tool.run("openssl", "verify", "-CAfile", dir.resolve("root.pem").toString(), "-untrusted",
                dir.resolve("issuing.pem").toString(), "-purpose", "smimesign", leaf.toString());
        assertThat(v.ok()).as(v.describe()).isTrue();
        Tool.Result t = Tool.run("openssl", "verify", "-CAfile", dir.resolve("root.pem").toString(), "-purpose",
                "timestampsign", dir.resolve("tsa.pem").toString());
        assertThat(t.ok()).as(t.describe()).isTrue();
    }

    @Test
    void wrongPinIsSaidPlainly() {
        assertThat(wrongPinError).isInstanceOf(CaException.KeyStoreFailure.class).hasMessage("wrong PKCS#11 token PIN");
    }
}
