package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.store.StoreData;

/** {@code account add} and {@code enroll} against a real server and mail server (the dev stack). */
class ClientEnrollTest {
    @TempDir
    static Path dir;
    static ClientWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void enrollNeedsNothingButThePassphraseAndStoresKeysAndCertificates() throws Exception {
        ClientWorld.User alice = world.user("alice@example.org");
        alice.addAccount();
        Result r = alice.run("enroll", "--wait", "60");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Enrolled device", "Encryption keys: 1");

        // The challenge mail was found, answered and deleted.
        assertThat(world.mailbox("alice@example.org")).isEmpty();
        // Secrets only in the encrypted store: neither the mail password nor a key appears in the home in the clear.
        String password = System.getenv(ClientWorld.PASSPHRASE_ENV);
        try (var files = Files.walk(alice.home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                assertThat(text).as(f.toString()).doesNotContain(password, "PRIVATE KEY");
            }
        }
        try (Account account = Account.open(new ClientHome(alice.home), password.toCharArray(), java.net.http.HttpClient.newHttpClient())) {
            StoreData data = account.data();
            StoreData.DeviceCredentials device = data.device().orElseThrow();
            assertThat(device.certificate().getSubjectAlternativeNames().toString()).contains("alice@example.org");
            assertThat(data.encryptionKeys()).singleElement().satisfies(k -> assertThat(k.certificates()).isNotEmpty());
            assertThat(data.trustAnchors()).hasSize(1);
        }
        Result again = alice.run("enroll");
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("enrolled device already", "--force");
    }

    @Test
    void aWrongPassphraseIsOneLineAndExitTwo() {
        ClientWorld.User bob = world.user("bob-wrong@example.org");
        bob.addAccount();
        Result r = bob.runWith(ClientWorld.WRONG_PASSPHRASE_ENV, "enroll");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("sealpost: wrong passphrase").doesNotContain("Exception", "\tat ");
    }

    @Test
    void anUnreachableServerFailsCleanlyAndEnrollsNothing() throws Exception {
        ClientWorld.User carol = world.user("carol-offline@example.org");
        Result add = carol.run("account add", "--email", carol.address, "--imap", "imap://127.0.0.1:" + world.stack.imapPort(),
                "--smtp", "smtp://127.0.0.1:" + world.stack.smtpPort(), "--password-env", ClientWorld.PASSPHRASE_ENV,
                "--server", "http://127.0.0.1:9");
        assertThat(add.exit()).as(add.err()).isZero();
        Result r = carol.run("enroll", "--wait", "5");
        assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("cannot reach the Sealpost service at http://127.0.0.1:9").doesNotContain("\tat ");
        try (Account account = Account.open(new ClientHome(carol.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(),
                java.net.http.HttpClient.newHttpClient())) {
            assertThat(account.data().device()).isEmpty();
        }
    }

    @Test
    void badAccountSettingsAreUsageErrors() {
        ClientWorld.User u = world.user("bad@example.org");
        for (String[] args : new String[][] {
                {"--email", "not-an-address", "--imap", "imap://h:1", "--smtp", "smtp://h:2", "--server", "http://h"},
                {"--email", "a@b.c", "--imap", "smtp://h:1", "--smtp", "smtp://h:2", "--server", "http://h"},
                {"--email", "a@b.c", "--imap", "imap://h:1", "--smtp", "ftp://h:2", "--server", "http://h"},
                {"--email", "a@b.c", "--imap", "imap://h:1", "--smtp", "smtp://h:2", "--server", "mailto:x"}}) {
            Object[] all = new Object[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--password-env";
            all[args.length + 1] = ClientWorld.PASSPHRASE_ENV;
            Result r = u.run("account add", all);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).startsWith("sealpost: ");
        }
        assertThat(u.home.resolve("store.sealpost")).doesNotExist();
    }
}
