package org.sealpost.cli.client;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.server.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sealpost demo}: the whole story on one machine, narrated. It starts what {@code sealpost dev}
 * runs (the service and a local mail server, on free ports) and then runs the real client commands,
 * each as its own process with its own home, printing every command and what it said:
 * alice and bob enroll; alice writes to bob, encrypted and signed, with no key exchange; alice writes
 * to carol, who has nothing yet, and carol gets an invitation; carol enrolls and reads the mail sent
 * before she joined; dave, an outside user with a certificate from another CA, sends alice a signed
 * mail, and afterwards bob can encrypt to dave without ever having met him.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole Sealpost story on this machine and narrate it: the service and a mail server start "
                + "(as 'sealpost dev' runs them, on free ports), then alice, bob and carol use the real client commands.",
                "The users' homes and the service's data stay in the data directory afterwards."})
public final class StoryDemoCommand implements Callable<Integer> {
    private static final String PASSPHRASE_VAR = "SEALPOST_PASSPHRASE";
    private static final String MAIL_PASSWORD_VAR = "DEMO_MAIL_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory for the demo (service data, the users' homes); default: a new temporary directory.")
    Path data;

    private PrintWriter out;
    private Map<String, String> env;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path dir = data != null ? data : Files.createTempDirectory("sealpost-demo-");
        if (data != null && Files.isDirectory(data)) {
            try (var entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    throw new CliException(ExitCodes.USAGE, "--data: " + data + " is not empty; give a new or empty directory");
                }
            }
        }
        Files.createDirectories(dir);
        env = Map.of(PASSPHRASE_VAR, secret(), MAIL_PASSWORD_VAR, "demo-mail-password");

        EphemeralPki outsideCa = new EphemeralPki("Outside Example CA");
        Path roots = dir.resolve("harvest-roots.pem");
        Files.writeString(roots, EphemeralPki.pem(outsideCa.root()));

        // The narration is the point: the server's own INFO lines (one per request) would drown it. Warnings still show.
        System.setProperty("org.slf4j.simpleLogger.log.org.sealpost", "warn");
        say("Starting the Sealpost service and a local mail server (what 'sealpost dev' runs) in " + dir.toAbsolutePath() + " ...");
        try (DevStack stack = DevStack.start(dir.resolve("service"), 0, 0, 0, Map.of(ConfigKeys.DIRECTORY_TRUST_STORE, roots.toString()))) {
            say("  service " + stack.baseUrl() + ", SMTP 127.0.0.1:" + stack.smtpPort() + ", IMAP 127.0.0.1:" + stack.imapPort()
                    + "; the directory trusts 'Outside Example CA' for harvested certificates.");
            Story story = new Story(dir, stack);

            chapter("1. Alice and Bob set up their mail accounts and enroll. Nobody applies for a certificate.");
            story.setUp("alice@example.org");
            story.setUp("bob@example.org");

            chapter("2. Alice writes to Bob: encrypted and signed, without any key exchange.");
            story.client("alice@example.org", "send", "--to", "bob@example.org", "--subject", "Lunch on Friday?",
                    "--body", "Hi Bob, lunch on Friday? This mail is encrypted and signed, and neither of us did anything for it.");
            story.client("bob@example.org", "inbox");
            story.client("bob@example.org", "read", "--id", story.latestId("bob@example.org"));

            chapter("3. Alice writes to Carol, who has never used Sealpost: Carol gets the encrypted mail and an invitation.");
            story.client("alice@example.org", "send", "--to", "carol@example.org", "--subject", "The contract",
                    "--body", "Hi Carol, here is what we discussed. Only you can read this.");
            say("  Carol's inbox on the mail server now holds the encrypted mail and a plain invitation from Alice.");

            chapter("4. Carol sets up her account and enrolls, and reads the mail sent before she joined.");
            story.setUp("carol@example.org");
            story.client("carol@example.org", "inbox");
            story.client("carol@example.org", "read", "--id", story.encryptedId("carol@example.org"));

            chapter("5. Dave, outside Sealpost with a certificate from another CA, sends Alice a signed mail.");
            Identity dave = outsideCa.rsa("dave@outside.example");
            story.foreignSignedMail(dave, "alice@example.org", "Hello from outside",
                    "Hi Alice, this is signed with my certificate from Outside Example CA.");
            story.client("alice@example.org", "inbox");
            story.client("alice@example.org", "read", "--id", story.latestId("alice@example.org"));
            say("  Reading it, Alice's client submitted Dave's certificate to the directory, which checked it against its trust store.");

            chapter("6. Bob writes to Dave, whom he has never met: the directory knows Dave's certificate now.");
            story.client("bob@example.org", "send", "--to", "dave@outside.example", "--subject", "Nice to meet you",
                    "--body", "Hi Dave, Alice told me about you.");
            String plain = story.openAsForeignUser(dave, "dave@outside.example");
            say("  Dave's own S/MIME software opens it with his key: \"" + plain + "\"");

            // The stores' passphrase was random and is not written anywhere: a secret never lands in a plain file.
            chapter("Done. The service and the mail server stop with the demo; the homes and the service's data stay in "
                    + dir.toAbsolutePath() + " for a look at what each side stored.");
        }
        return ExitCodes.OK;
    }

    private void chapter(String text) {
        out.println();
        out.println("== " + text);
        out.flush();
    }

    private void say(String text) {
        out.println(text);
        out.flush();
    }

    private static String secret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The users' homes and the commands they run. */
    private final class Story {
        private final Path dir;
        private final DevStack stack;

        Story(Path dir, DevStack stack) {
            this.dir = dir;
            this.stack = stack;
        }

        Path home(String address) {
            return dir.resolve("home-" + address.substring(0, address.indexOf('@')));
        }

        void setUp(String address) throws Exception {
            client(address, "account", "add", "--email", address, "--imap", "imap://127.0.0.1:" + stack.imapPort(),
                    "--smtp", "smtp://127.0.0.1:" + stack.smtpPort(), "--password-env", MAIL_PASSWORD_VAR, "--server", stack.baseUrl());
            client(address, "enroll");
        }

        /** Runs {@code sealpost <args> --home <the user's home>} as its own process and prints it. */
        String client(String address, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(args));
            int insertAt = command.size() > 1 && !command.get(1).startsWith("-") ? 2 : 1;
            command.add(insertAt, "--home");
            command.add(insertAt + 1, home(address).toString());
            out.println("$ sealpost " + String.join(" ", quoted(command)) + "        # as " + address);
            out.flush();
            Process p = sealpost(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new CliException(ExitCodes.FAILED, "the demo's step 'sealpost " + String.join(" ", args) + "' did not finish");
            }
            output.lines().forEach(line -> out.println("  " + line));
            out.flush();
            if (p.exitValue() != 0) {
                throw new CliException(ExitCodes.FAILED, "the demo stopped: 'sealpost " + String.join(" ", args) + "' as " + address
                        + " exited with " + p.exitValue());
            }
            return output;
        }

        /** The id of the newest message in the user's inbox, from {@code inbox --json}. */
        String latestId(String address) throws Exception {
            List<Map<String, Object>> messages = inbox(address);
            return String.valueOf(messages.getFirst().get("id"));
        }

        /** The id of the newest encrypted message (carol's inbox also holds the plain invitation). */
        String encryptedId(String address) throws Exception {
            return inbox(address).stream().filter(m -> Boolean.TRUE.equals(m.get("encrypted"))).findFirst()
                    .map(m -> String.valueOf(m.get("id")))
                    .orElseThrow(() -> new CliException(ExitCodes.FAILED, "the demo found no encrypted mail for " + address));
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> inbox(String address) throws Exception {
            Process p = sealpost(List.of("inbox", "--json", "--home", home(address).toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] json = p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.MINUTES);
            Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
            List<Map<String, Object>> list = parsed instanceof Map<?, ?> m ? (List<Map<String, Object>>) m.get("messages")
                    : (List<Map<String, Object>>) parsed;
            if (list == null || list.isEmpty()) {
                throw new CliException(ExitCodes.FAILED, "the demo found no mail in " + address + "'s inbox");
            }
            return list;
        }

        /** Dave's own mail program: signs with his outside certificate and sends over SMTP. */
        void foreignSignedMail(Identity sender, String to, String subject, String body) throws Exception {
            ForeignMailProgram.sendSigned(sender, "dave@outside.example", to, subject, body, "127.0.0.1", stack.smtpPort());
            say("  (dave's mail program) sent a signed mail to " + to + ", signed by certificate "
                    + HexFormat.of().formatHex(sender.certificate().getSerialNumber().toByteArray()) + " of Outside Example CA");
        }

        /** Dave's mail program opens the newest mail in his inbox with his own key; returns the first body line. */
        String openAsForeignUser(Identity dave, String address) throws Exception {
            Properties props = new Properties();
            Session session = Session.getInstance(props);
            try (jakarta.mail.Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", stack.imapPort(), address, "any");
                jakarta.mail.Folder inbox = store.getFolder("INBOX");
                inbox.open(jakarta.mail.Folder.READ_ONLY);
                Message newest = inbox.getMessage(inbox.getMessageCount());
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                newest.writeTo(raw);
                inbox.close(false);
                ByteArrayOutputStream opened = new ByteArrayOutputStream();
                new SmimeDecryptor().decrypt(MessageSource.of(raw.toByteArray()), opened, KeyHistory.of(dave));
                return firstTextLine(opened.toByteArray());
            }
        }

        private String firstTextLine(byte[] message) throws IOException {
            try {
                MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
                return textOf(m.getContent()).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            } catch (jakarta.mail.MessagingException e) {
                throw new IOException(e.getMessage());
            }
        }

        private String textOf(Object content) throws IOException, jakarta.mail.MessagingException {
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof jakarta.mail.Multipart mp) {
                return textOf(mp.getBodyPart(0).getContent());
            }
            if (content instanceof jakarta.mail.Part wrapped) {
                // send wraps the real message as message/rfc822 (protected headers).
                return textOf(wrapped.getContent());
            }
            return "";
        }

        private static List<String> quoted(List<String> args) {
            return args.stream().map(a -> a.matches("[A-Za-z0-9@._:/=-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList();
        }

        /** {@code sealpost <args>} as its own process on this JVM's class path, with the demo's environment. */
        private ProcessBuilder sealpost(List<String> args) {
            List<String> process = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    "org.sealpost.cli.Main"));
            process.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(process);
            builder.environment().putAll(env);
            return builder;
        }

        private static String javaBinary() {
            return ProcessHandle.current().info().command().orElse("java");
        }
    }
}
