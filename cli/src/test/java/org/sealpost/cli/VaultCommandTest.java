package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.VaultEndpoint;
import org.sealpost.vault.VaultUnavailableException;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/**
 * {@code sealpost vault init --data DIR}, {@code sealpost vault --data DIR --port P} over mutual TLS
 * (and plain HTTP only when asked), and the TLS subcommands: {@code tls-cert}, {@code client-certs},
 * {@code client-identity}.
 */
class VaultCommandTest {
    private static final Pattern PIN = Pattern.compile("SHA-256 \\(pin\\):\\s+(\\S+)");

    @TempDir
    Path data;

    /** {@code vault client-identity} into DATA/kms; the identity read back from the files it wrote. */
    private Identity clientIdentity() throws Exception {
        Path p12 = data.resolve("kms").resolve("kms-client.p12");
        Result r = run("vault", "client-identity", "--out", p12);
        assertThat(r.exit()).as(r.toString()).isZero();
        char[] password = Files.readString(data.resolve("kms").resolve("kms-client.password")).strip().toCharArray();
        return TlsKeyStoreFile.read(p12, password);
    }

    /** {@code vault init} trusting the key service identity made by {@link #clientIdentity()}; the vault's pin. */
    private CertificatePin initWithTls() {
        Result init = run("vault", "init", "--data", data, "--client-cert", data.resolve("kms").resolve("kms-client.pem"));
        assertThat(init.exit()).as(init.toString()).isZero();
        Matcher m = PIN.matcher(init.out());
        assertThat(m.find()).as(init.out()).isTrue();
        return CertificatePin.parse(m.group(1));
    }

    private static HttpVaultClient client(String base, char[] token, CertificatePin pin, Identity identity) {
        return HttpVaultClient.create(new VaultEndpoint.MutualTls(URI.create(base), token, Set.of(pin), identity),
                Duration.ofSeconds(10));
    }

    @Test
    void helpDescribesBothCommands() {
        Result r = run("vault", "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--data", "--port", "--host", "--db-url", "--pin-env", "--insecure-http",
                "--tls-password-env", "init", "tls-cert", "client-certs", "client-identity");
        Result init = run("vault", "init", "--help");
        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(init.out()).contains("--data", "--pkcs11-library", "--pkcs11-slot", "--pin-env", "--tls-name", "--client-cert",
                "--tls-password-env");
    }

    @Test
    void initWritesTheVaultFilesWithOwnerOnlyModesAndRefusesASecondRun() throws Exception {
        Result r = run("vault", "init", "--data", data);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        Path dir = data.resolve("vault");
        String token = Files.readString(dir.resolve("client-token")).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(r.out()).contains("Created vault", dir.resolve("client-token").toString(), "kek.key")
                .doesNotContain(token);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("kek.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("client-token"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("tls.p12"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("tls-password"))).isEqualTo("rw-------");
        Matcher pin = PIN.matcher(r.out());
        assertThat(pin.find()).as(r.out()).isTrue();
        assertThat(CertificatePin.parse(pin.group(1))).isEqualTo(CertificatePin.of(
                org.sealpost.core.keys.KeyMaterial.readCertificate(dir.resolve("tls-cert.pem"))));
        assertThat(r.out()).contains("localhost, 127.0.0.1", "none yet", "client-certs", "warning: no SEALPOST_VAULT_TLS_PASSWORD")
                .doesNotContain(Files.readString(dir.resolve("tls-password")).strip());
        assertThat(Files.size(dir.resolve("kek.key"))).isEqualTo(32);
        assertThat(Files.readString(dir.resolve("vault.properties"))).contains("vault.id=", "kek.type=file")
                .doesNotContain(token);
        byte[] key = Files.readAllBytes(dir.resolve("kek.key"));

        Result again = run("vault", "init", "--data", data);
        assertFailed(again, null, 2);
        assertThat(again.err()).contains("a vault already exists");
        assertThat(Files.readAllBytes(dir.resolve("kek.key"))).as("the key is not replaced").isEqualTo(key);
        assertThat(Files.readString(dir.resolve("client-token")).strip()).isEqualTo(token);
    }

    @Test
    void badCommandLinesAreUsageErrors() throws Exception {
        Path none = data.resolve("none");
        assertFailed(run("vault", "init"), null, 2);
        assertFailed(run("vault", "init", "--data", none, "--pkcs11-slot", "1"), null, 2);
        Result noPin = run("vault", "init", "--data", none, "--pkcs11-library", "/usr/lib/softhsm/libsofthsm2.so",
                "--pin-env", "SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertFailed(noPin, null, 2);
        assertThat(noPin.err()).contains("SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertThat(none).doesNotExist();

        Result noData = run("vault", "--port", "0");
        assertFailed(noData, null, 2);
        assertThat(noData.err()).contains("--data");
        Result badPort = run("vault", "--data", data, "--port", "70000");
        assertFailed(badPort, null, 2);
        assertThat(badPort.err()).contains("70000");
        Result notInitialised = run("vault", "--data", data, "--port", "0");
        assertFailed(notInitialised, null, 2);
        assertThat(notInitialised.err()).contains("no vault in", "sealpost vault init");
    }

    @Test
    void badTlsOptionsAreUsageErrorsAndWriteNothing() throws Exception {
        Path none = data.resolve("none");
        Result badName = run("vault", "init", "--data", none, "--tls-name", "not a host");
        assertFailed(badName, null, 2);
        assertThat(badName.err()).contains("not a host");
        Result badCert = run("vault", "init", "--data", none, "--client-cert", data.resolve("missing.pem"));
        assertFailed(badCert, null, 2);
        assertThat(badCert.err()).contains("missing.pem");
        Result noVariable = run("vault", "init", "--data", none, "--tls-password-env", "SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertFailed(noVariable, null, 2);
        assertThat(none).doesNotExist();

        assertThat(run("vault", "init", "--data", data).exit()).isZero();
        Result noClients = run("vault", "--data", data, "--port", "0");
        assertFailed(noClients, null, 2);
        assertThat(noClients.err()).contains("trusts no client certificate", "client-certs --add");
        Result wrongPassword = run("vault", "--data", data, "--port", "0", "--tls-password-env", "SEALPOST_TEST_PASSWORD");
        assertFailed(wrongPassword, null, 2);
        assertThat(wrongPassword.err()).contains("wrong PKCS#12 password");
    }

    @Test
    void clientCertsAddsListsAndRemovesPins() throws Exception {
        Identity keyService = clientIdentity();
        CertificatePin clientPin = CertificatePin.of(keyService.certificate());
        assertThat(run("vault", "init", "--data", data).exit()).isZero();
        String other = "ab".repeat(32);

        Result add = run("vault", "client-certs", "--data", data, "--add", data.resolve("kms").resolve("kms-client.pem"),
                "--add-sha256", other.toUpperCase());
        assertThat(add.exit()).as(add.toString()).isZero();
        assertThat(add.out()).contains("Trusted key service certificates (SHA-256): 2", clientPin.toString(),
                CertificatePin.parse(other).toString());
        assertThat(org.sealpost.vault.VaultHome.load(data).trustedClients()).containsExactlyInAnyOrder(clientPin,
                CertificatePin.parse(other));

        Result removeUnknown = run("vault", "client-certs", "--data", data, "--remove", "cd".repeat(32));
        assertFailed(removeUnknown, null, 2);
        assertThat(removeUnknown.err()).contains("does not trust");
        assertFailed(run("vault", "client-certs", "--data", data, "--add-sha256", "xyz"), null, 2);
        Result remove = run("vault", "client-certs", "--data", data, "--remove", other);
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(run("vault", "client-certs", "--data", data).out()).contains("SHA-256): 1", clientPin.toString())
                .doesNotContain(CertificatePin.parse(other).toString());
    }

    @Test
    void clientIdentityWritesPrivateFilesAndRefusesToReplaceThem() throws Exception {
        Identity identity = clientIdentity();
        Path dir = data.resolve("kms");
        assertThat(mode(dir.resolve("kms-client.p12"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("kms-client.password"))).isEqualTo("rw-------");
        assertThat(identity.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(CertificatePin.of(org.sealpost.core.keys.KeyMaterial.readCertificate(dir.resolve("kms-client.pem"))))
                .isEqualTo(CertificatePin.of(identity.certificate()));
        Result again = run("vault", "client-identity", "--out", dir.resolve("kms-client.p12"));
        assertFailed(again, null, 2);
        assertThat(again.err()).contains("already exists");

        org.junit.jupiter.api.Assumptions.assumeTrue(CliFixture.passwordsAvailable());
        Result withPassword = run("vault", "client-identity", "--out", dir.resolve("other.p12"), "--name", "kms-b",
                "--password-env", CliFixture.PASSWORD_ENV);
        assertThat(withPassword.exit()).as(withPassword.toString()).isZero();
        assertThat(dir.resolve("other.password")).doesNotExist();
        assertThat(TlsKeyStoreFile.read(dir.resolve("other.p12"), System.getenv(CliFixture.PASSWORD_ENV).toCharArray())
                .certificate().getSubjectX500Principal().getName()).isEqualTo("CN=kms-b");
    }

    @Test
    void tlsCertGivesAnOldVaultACertificateShowsItAndReplacesItOnRequest() throws Exception {
        org.sealpost.vault.VaultHome.init(data, new org.sealpost.vault.KekChoice.File(), null, new java.security.SecureRandom());
        Result refused = run("vault", "--data", data, "--port", "0");
        assertFailed(refused, null, 2);
        assertThat(refused.err()).contains("no TLS certificate", "vault tls-cert", "--insecure-http");

        Result created = run("vault", "tls-cert", "--data", data, "--tls-name", "vault-a.example", "--tls-name", "192.0.2.1");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).contains("Created the TLS certificate", "vault-a.example, 192.0.2.1");
        Matcher first = PIN.matcher(created.out());
        assertThat(first.find()).isTrue();
        Result shown = run("vault", "tls-cert", "--data", data);
        assertThat(shown.exit()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains(first.group(1), "--replace");
        assertFailed(run("vault", "tls-cert", "--data", data, "--tls-name", "x.example"), null, 2);

        Result replaced = run("vault", "tls-cert", "--data", data, "--replace");
        assertThat(replaced.exit()).as(replaced.toString()).isZero();
        Matcher second = PIN.matcher(replaced.out());
        assertThat(second.find()).isTrue();
        assertThat(second.group(1)).isNotEqualTo(first.group(1));
        assertThat(replaced.out()).contains("Replaced", "localhost, 127.0.0.1");
    }

    @Test
    void aVaultWithoutTlsServesPlainHttpOnlyWhenAskedAndSaysSo() throws Exception {
        org.sealpost.vault.VaultHome.init(data, new org.sealpost.vault.KekChoice.File(), null, new java.security.SecureRandom());
        char[] token = Files.readString(data.resolve("vault").resolve("client-token")).strip().toCharArray();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread vault = new Thread(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "vault", "--data", data.toString(), "--port", "0", "--insecure-http"), "vault-http");
        vault.start();
        try {
            String base = awaitListening(vault, out, err, "http");
            assertThat(err.toString()).contains("WARNING: --insecure-http");
            HttpVaultClient client = HttpVaultClient.create(URI.create(base), token, Duration.ofSeconds(10));
            client.put("plain", new byte[] {3});
            assertThat(client.get("plain")).isPresent();
        } finally {
            vault.interrupt();
            vault.join(Duration.ofSeconds(30));
        }
        assertThat(vault.isAlive()).isFalse();
    }

    private static String awaitListening(Thread vault, StringWriter out, StringWriter err, String scheme) throws Exception {
        Pattern listening = Pattern.compile("listening on (" + scheme + "://127\\.0\\.0\\.1:\\d+)");
        Matcher m;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // The banner's last line is the health URL: wait for it, not for the first line, so that the
        // lines in between (pin, transport) are there when the caller reads them.
        while (!(m = listening.matcher(out.toString())).find() || !out.toString().contains("  health:")) {
            assertThat(vault.isAlive()).as("vault stopped early: " + out + err).isTrue();
            assertThat(System.nanoTime()).as("vault start within 60 s: " + out + err).isLessThan(deadline);
            Thread.sleep(50);
        }
        return m.group(1);
    }

    @Test
    void aKeyFileOthersMayReadStopsTheVaultFromStarting() throws Exception {
        clientIdentity();
        initWithTls();
        Path key = data.resolve("vault").resolve("kek.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = run("vault", "--data", data, "--port", "0");
        assertFailed(r, null, 2);
        assertThat(r.err()).contains("refusing to use the key file", "chmod 600");
    }

    @Test
    void theVaultCommandServesSharesOverMutualTlsToTheTokenHolderAndStopsWhenInterrupted() throws Exception {
        Identity keyService = clientIdentity();
        CertificatePin vaultPin = initWithTls();
        char[] token = Files.readString(data.resolve("vault").resolve("client-token")).strip().toCharArray();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread vault = new Thread(() -> exit[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "vault", "--data", data.toString(), "--port", "0"), "vault-command");
        vault.start();
        try {
            String base = awaitListening(vault, out, err, "https");
            assertThat(out.toString()).contains(vaultPin.toString(), "client certificate required");
            assertThat(data.resolve("vault").resolve("db").resolve("sealpost.mv.db")).as("its own database").exists();
            assertThat(data.resolve("db")).doesNotExist();

            HttpVaultClient client = client(base, token, vaultPin, keyService);
            assertThat(out.toString()).contains(client.vaultId());
            client.put("cli-key", new byte[] {1, 2, 3});
            assertThat(client.get("cli-key")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));

            // Anyone else is refused, and the refusal is logged without the credential.
            java.io.PrintStream realErr = System.err;
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                HttpVaultClient intruder = client(base, "guessed-token-1234".toCharArray(), vaultPin, keyService);
                assertThatThrownBy(() -> intruder.get("cli-key")).isInstanceOf(VaultUnavailableException.class);
            } finally {
                System.setErr(realErr);
            }
            String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(logged).contains("refused GET /v1/shares/cli-key", "wrong credential")
                    .doesNotContain("guessed-token-1234");
        } finally {
            vault.interrupt();
            vault.join(Duration.ofSeconds(30));
        }
        assertThat(vault.isAlive()).as("the vault command stopped").isFalse();
        assertThat(exit[0]).as(out + "\n" + err).isZero();
        assertThat(out + err.toString()).doesNotContain(new String(token));

        // Its shares survive a restart (the in-process API, same directory).
        try (var service = org.sealpost.vault.VaultService.open(data, java.util.Optional.empty(), null)) {
            assertThat(service.vault().get("cli-key")).isPresent();
        }
    }

    /** The production set-up: the vault in its own process, stopped by SIGTERM. */
    @Test
    void aVaultProcessServesOverMutualTlsAndStopsOnSigterm() throws Exception {
        Identity keyService = clientIdentity();
        CertificatePin vaultPin = initWithTls();
        char[] token = Files.readString(data.resolve("vault").resolve("client-token")).strip().toCharArray();
        String classpath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
        Path log = data.resolve("vault.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.sealpost.cli.Main", "vault", "--data", data.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern listening = Pattern.compile("listening on (https://127\\.0\\.0\\.1:\\d+)");
            Matcher m;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(m = listening.matcher(Files.readString(log))).find()) {
                assertThat(process.isAlive()).as("vault process ended: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("vault start: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            HttpVaultClient client = client(m.group(1), token, vaultPin, keyService);
            client.put("process-key", new byte[] {7});
            assertThat(client.get("process-key")).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
        } finally {
            process.destroy(); // SIGTERM
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.isAlive()).as("the vault stops on SIGTERM").isFalse();
        assertThat(Files.readString(log)).doesNotContain("Exception").doesNotContain(new String(token));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
