package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.server.config.ConfigKeys;

/**
 * The client's end-to-end world: {@code sealpost dev}'s stack (server + GreenMail SMTP/IMAP) on free
 * ports in a temporary directory, with an "outside" CA (another CA's certificates, for harvest)
 * in the directory's trust store, and users that run the real {@code sealpost} commands, each in
 * its own home. The passphrase and the mail password come from the variables the cli module's
 * surefire configuration sets, as a user's shell would.
 */
final class ClientWorld implements AutoCloseable {
    static final String PASSPHRASE_ENV = CliFixture.PASSWORD_ENV;
    static final String WRONG_PASSPHRASE_ENV = CliFixture.WRONG_PASSWORD_ENV;

    final Path dir;
    final DevStack stack;
    final EphemeralPki outside;

    private ClientWorld(Path dir, DevStack stack, EphemeralPki outside) {
        this.dir = dir;
        this.stack = stack;
        this.outside = outside;
    }

    static ClientWorld start(Path dir) throws Exception {
        EphemeralPki outside = new EphemeralPki("outside-ca");
        Path trust = dir.resolve("outside-roots.pem");
        Files.createDirectories(dir);
        Files.writeString(trust, EphemeralPki.pem(outside.root()));
        DevStack stack = DevStack.start(dir.resolve("server"), 0, 0, 0, Map.of(ConfigKeys.DIRECTORY_TRUST_STORE, trust.toString()));
        return new ClientWorld(dir, stack, outside);
    }

    /** A user with a home of their own; nothing is set up yet. */
    User user(String address) {
        return new User(address, dir.resolve("home-" + address.replace('@', '_')));
    }

    /** A second device of the same address: another home. */
    User device(String address, String name) {
        return new User(address, dir.resolve("home-" + address.replace('@', '_') + "-" + name));
    }

    /** Every message in {@code address}'s inbox on the mail server, as raw bytes, oldest first. */
    List<byte[]> mailbox(String address) throws Exception {
        Properties props = new Properties();
        Session session = Session.getInstance(props);
        Store store = session.getStore("imap");
        store.connect(DevStack.HOST, stack.imapPort(), address, "any");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<byte[]> out = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                out.add(bytes.toByteArray());
            }
            inbox.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    @Override
    public void close() {
        stack.close();
    }

    /** One device of one user: runs client commands in its home. */
    final class User {
        final String address;
        final Path home;

        User(String address, Path home) {
            this.address = address;
            this.home = home;
        }

        /** {@code sealpost account add} against the world's server and mail server. */
        Result addAccount() {
            Result r = run("account add", "--email", address, "--imap", "imap://" + DevStack.HOST + ":" + stack.imapPort(),
                    "--smtp", "smtp://" + DevStack.HOST + ":" + stack.smtpPort(), "--password-env", PASSPHRASE_ENV,
                    "--server", stack.baseUrl(), "--device-name", home.getFileName().toString());
            assertThat(r.exit()).as("account add: " + r.err()).isZero();
            return r;
        }

        /** Account and enrollment, both must succeed. */
        User enrolled() {
            addAccount();
            Result r = run("enroll", "--wait", "60");
            assertThat(r.exit()).as("enroll: " + r.out() + r.err()).isZero();
            return this;
        }

        /**
         * Runs {@code words} (e.g. "send", "devices revoke") with this home, the passphrase variable
         * and {@code args}.
         */
        Result run(String words, Object... args) {
            return runWith(PASSPHRASE_ENV, words, args);
        }

        Result runWith(String passphraseEnv, String words, Object... args) {
            List<Object> all = new ArrayList<>(Arrays.asList((Object[]) words.split(" ")));
            all.add("--home");
            all.add(home);
            all.add("--passphrase-env");
            all.add(passphraseEnv);
            all.addAll(Arrays.asList(args));
            return CliFixture.run(all.toArray());
        }
    }
}
