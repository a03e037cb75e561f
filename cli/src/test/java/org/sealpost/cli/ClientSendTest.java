package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CaCliFixture.Tool;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountSettings;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.Pem;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.SharedFixtures;

/**
 * {@code sealpost send} end to end on the dev stack (real server, GreenMail): what arrives in each
 * mailbox and in the sender's Sent folder, opened with the recipients' keys from their own stores,
 * by the core engine and by {@code openssl cms}.
 */
class ClientSendTest {
    private static final Pattern SENT = Pattern.compile("^Sent (<[^>]+>)", Pattern.MULTILINE);

    @TempDir
    static Path dir;
    static ClientWorld world;
    static ClientWorld.User alice;
    static ClientWorld.User bob;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
        alice = world.user("alice@example.org").enrolled();
        bob = world.user("bob@example.org").enrolled();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void aliceToBobIsEncryptedAndSignedAndOnlyTheNecessaryHeadersAreReadable() throws Exception {
        Result r = alice.run("send", "--to", bob.address, "--subject", "Lunch on Friday?", "--body", "Shall we meet at noon?\nAlice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("bob@example.org: encrypted (1 certificate)", "signed with device certificate, timestamped",
                "a copy is in Sent");
        String id = messageId(r);

        byte[] raw = mail(bob.address, "INBOX", id);
        String head = new String(raw, StandardCharsets.US_ASCII).split("\r\n\r\n", 2)[0];
        assertThat(head).contains("From: alice@example.org", "To: bob@example.org", "Message-ID: " + id, "Date: ",
                "Subject: ...", "Content-Type: application/pkcs7-mime");
        assertThat(new String(raw, StandardCharsets.US_ASCII)).doesNotContain("Lunch", "noon");

        StoreData bobs = store(bob);
        StoreData alices = store(alice);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(raw), VerifyOptions.trusting(alices.trustAnchors().toArray(
                java.security.cert.X509Certificate[]::new)).withDecryptionKeys(keys(bobs)), content);
        assertThat(report.valid()).as(report.reason()).isTrue();
        SignerResult signer = report.signers().getFirst();
        assertThat(signer.email()).contains("alice@example.org");
        assertThat(signer.timestamp()).as("a timestamp of the service's TSA").isPresent();
        String inner = content.toString(StandardCharsets.UTF_8);
        assertThat(inner).contains("message/rfc822", "Subject: Lunch on Friday?", "Shall we meet at noon?\r\nAlice");

        // The Sent copy: the same mail, which alice's own key opens.
        byte[] sent = mail(alice.address, "Sent", id);
        assertThat(decrypt(sent, keys(alices))).contains("multipart/signed");

        SharedFixtures.requireTool("openssl", "version");
        Path work = Files.createDirectories(dir.resolve("openssl-bob"));
        Files.write(work.resolve("mail.eml"), raw);
        writeKey(bobs, work, "bob");
        Files.writeString(work.resolve("root.pem"), Pem.certificate(alices.trustAnchors().getFirst()));
        Tool decrypted = Tool.run("openssl", "cms", "-decrypt", "-in", work.resolve("mail.eml").toString(), "-recip",
                work.resolve("bob-cert.pem").toString(), "-inkey", work.resolve("bob-key.pem").toString(), "-out",
                work.resolve("signed.eml").toString());
        assertThat(decrypted.ok()).as(decrypted.describe()).isTrue();
        Tool verified = Tool.run("openssl", "cms", "-verify", "-in", work.resolve("signed.eml").toString(), "-CAfile",
                work.resolve("root.pem").toString(), "-out", work.resolve("content.eml").toString());
        assertThat(verified.ok()).as(verified.describe()).isTrue();
        assertThat(verified.output()).contains("Verification successful");
        assertThat(Files.readString(work.resolve("content.eml"))).contains("Subject: Lunch on Friday?", "From: alice@example.org");

        Files.write(work.resolve("sent.eml"), sent);
        writeKey(alices, work, "alice");
        Tool own = Tool.run("openssl", "cms", "-decrypt", "-in", work.resolve("sent.eml").toString(), "-recip",
                work.resolve("alice-cert.pem").toString(), "-inkey", work.resolve("alice-key.pem").toString());
        assertThat(own.ok()).as(own.describe()).isTrue();
        assertThat(own.output()).contains("multipart/signed");
    }

    @Test
    void carolWhoNeverEnrolledGetsTheMailEncryptedToAProvisionalKeyAndAPlainInvitationAndReadsItOnceEnrolled() throws Exception {
        Result r = alice.run("send", "--to", "carol@example.org", "--subject", "Welcome", "--body", "Hi Carol, this is private.");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("carol@example.org: encrypted to a provisional key; invitation sent");
        String id = messageId(r);

        List<MimeMessage> inbox = messages("carol@example.org", "INBOX");
        assertThat(inbox).hasSize(2);
        MimeMessage encrypted = inbox.get(0);
        assertThat(encrypted.getMessageID()).isEqualTo(id);
        assertThat(encrypted.getSubject()).isEqualTo("...");
        MimeMessage invitation = inbox.get(1);
        assertThat(invitation.getContentType()).startsWith("text/plain");
        assertThat(invitation.getFrom()[0].toString()).isEqualTo("alice@example.org");
        assertThat(invitation.getHeader("References")).containsExactly(id);
        assertThat((String) invitation.getContent()).contains("alice@example.org has sent you an encrypted message", "sealpost account add",
                "--email carol@example.org", "--server " + world.stack.baseUrl(), "sealpost enroll").doesNotContain("Welcome", "private");

        // Carol enrolls later: the provisional key becomes hers, and the mail sent before she joined opens.
        ClientWorld.User carol = world.user("carol@example.org").enrolled();
        byte[] raw = mail(carol.address, "INBOX", id);
        assertThat(decrypt(raw, keys(store(carol)))).contains("multipart/signed", "Subject: Welcome");
    }

    @Test
    void aSecondSendToTheSamePeopleAsksTheDirectoryNothing() throws Exception {
        Result first = alice.run("send", "--to", bob.address, "--cc", alice.address, "--subject", "One", "--body", "1");
        assertThat(first.exit()).as(first.toString()).isZero();
        double lookups = lookupCalls();
        assertThat(lookups).as("the server counts look-ups (this world has made some)").isPositive();
        Result second = alice.run("send", "--to", bob.address, "--cc", alice.address, "--subject", "Two", "--body", "2");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("bob@example.org: encrypted (1 certificate)", "alice@example.org: encrypted (1 certificate)");
        assertThat(lookupCalls()).as("POST /v1/directory/lookup calls").isEqualTo(lookups);
        assertThat(mail(bob.address, "INBOX", messageId(second))).isNotEmpty();

        String cache = Files.readString(new ClientHome(alice.home).directoryCache());
        assertThat(cache).contains("bob@example.org", "BEGIN CERTIFICATE").doesNotContain("PRIVATE");
    }

    @Test
    void noEncryptSendsTheSignedMailOnly() throws Exception {
        Path body = Files.writeString(dir.resolve("body.txt"), "Grüße,\nan open letter.\n");
        Path attachment = Files.writeString(dir.resolve("agenda.txt"), "1. coffee\n");
        Result r = alice.run("send", "--to", bob.address, "--subject", "Open letter", "--body-file", body, "--attach", attachment,
                "--no-encrypt");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("bob@example.org: signed only (--no-encrypt)");
        byte[] raw = mail(bob.address, "INBOX", messageId(r));
        MimeMessage m = parse(raw);
        assertThat(m.getContentType()).startsWith("multipart/signed");
        assertThat(m.getSubject()).isEqualTo("Open letter");
        StoreData alices = store(alice);
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(raw),
                VerifyOptions.trusting(alices.trustAnchors().getFirst()), null);
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(new String(raw, StandardCharsets.US_ASCII)).contains("multipart/mixed", "filename=agenda.txt", "quoted-printable");
    }

    @Test
    void aDomainWithItsOwnKeyServiceIsAskedThereAndNeverGetsAProvisionalKeyFromUs() throws Exception {
        Identity frank = world.outside.rsa("frank@partner.example");
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer partner = partnerKeyService(Map.of("frank@partner.example", frank), asked);
        try {
            ClientWorld.User olga = world.user("olga@example.org");
            Result add = olga.run("account add", "--email", olga.address, "--imap", "imap://" + DevStack.HOST + ":" + world.stack.imapPort(),
                    "--smtp", "smtp://" + DevStack.HOST + ":" + world.stack.smtpPort(), "--password-env", ClientWorld.PASSPHRASE_ENV,
                    "--server", world.stack.baseUrl(), "--key-service", "partner.example=http://127.0.0.1:" + partner.getAddress().getPort());
            assertThat(add.exit()).as(add.toString()).isZero();
            Result enroll = olga.run("enroll", "--wait", "60");
            assertThat(enroll.exit()).as(enroll.toString()).isZero();

            Result r = olga.run("send", "--to", "frank@partner.example", "--to", "erin@partner.example", "--cc", bob.address,
                    "--subject", "Partners", "--body", "Hello partners");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("frank@partner.example: encrypted (1 certificate)",
                    "erin@partner.example: signed only (no certificate at its key service http://127.0.0.1:" + partner.getAddress().getPort() + ")",
                    "bob@example.org: encrypted (1 certificate)");
            assertThat(asked).containsExactly("frank@partner.example", "erin@partner.example");
            String id = messageId(r);

            assertThat(decrypt(mail("frank@partner.example", "INBOX", id), KeyHistory.of(frank))).contains("Subject: Partners");
            MimeMessage toErin = parse(mail("erin@partner.example", "INBOX", id));
            assertThat(toErin.getContentType()).startsWith("multipart/signed");
            assertThat(toErin.getSubject()).isEqualTo("Partners");
            assertThat(decrypt(mail(bob.address, "INBOX", id), keys(store(bob)))).contains("Subject: Partners");
            SealpostService ours = new SealpostService(URI.create(world.stack.baseUrl()), HttpClient.newHttpClient(), Optional.empty(),
                    Duration.ofSeconds(10));
            assertThat(ours.lookupAnonymously("erin@partner.example").provisional()).as("no provisional key at our service").isEmpty();
        } finally {
            partner.stop(0);
        }
    }

    @Test
    void anUnreachableServiceSendsNothing() throws Exception {
        ClientWorld.User dora = world.user("dora@example.org").enrolled();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ClientHome home = new ClientHome(dora.home);
        AccountSettings s = AccountSettings.load(home.settingsFile());
        new AccountSettings(s.address(), s.imapUrl(), s.smtpUrl(), s.user(), URI.create("http://127.0.0.1:" + closed), s.keyServices(),
                s.mailTrust(), s.deviceName()).save(home.settingsFile());
        int before = messages("zoe@example.org", "INBOX").size();

        Result r = dora.run("send", "--to", "zoe@example.org", "--to", bob.address, "--subject", "Never", "--body", "never sent");
        CliFixture.assertFailed(r, null, ExitCodes.FAILED);
        assertThat(r.err()).contains("cannot reach the Sealpost service at http://127.0.0.1:" + closed, "nothing was sent");
        assertThat(messages("zoe@example.org", "INBOX")).hasSize(before);
        assertThat(messages(dora.address, "Sent")).isEmpty();
        assertThat(messages(bob.address, "INBOX")).noneMatch(m -> subjectOrEmpty(m).contains("Never"));
    }

    @Test
    void badFlagsAreUsageErrorsAndSendNothing() throws Exception {
        Path body = Files.writeString(dir.resolve("b.txt"), "text");
        List<Object[]> cases = List.of(
                new Object[] {"--subject", "s", "--body", "b"},
                new Object[] {"--to", bob.address, "--subject", "s", "--body", "b", "--body-file", body},
                new Object[] {"--to", bob.address, "--subject", "s"},
                new Object[] {"--to", bob.address, "--subject", "s", "--body", "b", "--attach", dir.resolve("missing.pdf")},
                new Object[] {"--to", "Bob <bob@example.org>", "--subject", "s", "--body", "b"},
                new Object[] {"--to", bob.address, "--subject", "s", "--body-file", dir.resolve("missing.txt")});
        int before = messages(bob.address, "INBOX").size();
        for (Object[] args : cases) {
            Result r = alice.run("send", args);
            CliFixture.assertFailed(r, null, ExitCodes.USAGE);
        }
        assertThat(messages(bob.address, "INBOX")).hasSize(before);

        ClientWorld.User fresh = world.user("fresh@example.org");
        fresh.addAccount();
        Result r = fresh.run("send", "--to", bob.address, "--subject", "s", "--body", "b");
        CliFixture.assertFailed(r, null, ExitCodes.USAGE);
        assertThat(r.err()).contains("run 'sealpost enroll'");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String messageId(Result r) {
        Matcher m = SENT.matcher(r.out());
        assertThat(m.find()).as("stdout names the Message-ID: " + r).isTrue();
        return m.group(1);
    }

    private static StoreData store(ClientWorld.User user) throws Exception {
        try (Account account = Account.open(new ClientHome(user.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(),
                HttpClient.newHttpClient())) {
            return account.data();
        }
    }

    /** Every encryption key of the store with each of its certificates. */
    private static KeyHistory keys(StoreData data) {
        List<Identity> ids = new ArrayList<>();
        for (StoreData.EncryptionKey k : data.encryptionKeys()) {
            k.certificates().forEach(c -> ids.add(new Identity(k.privateKey(), List.of(c))));
        }
        return new KeyHistory(ids);
    }

    private static void writeKey(StoreData data, Path dir, String prefix) throws Exception {
        StoreData.EncryptionKey k = data.encryptionKeys().getFirst();
        Files.writeString(dir.resolve(prefix + "-key.pem"), EphemeralPki.pem(k.privateKey()));
        Files.writeString(dir.resolve(prefix + "-cert.pem"), Pem.certificate(k.certificates().getFirst()));
    }

    private static String decrypt(byte[] message, KeyHistory keys) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(message), out, keys);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static String subjectOrEmpty(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    /** The raw bytes of the message with {@code messageId} in {@code address}'s {@code folder}. */
    private static byte[] mail(String address, String folder, String messageId) throws Exception {
        for (byte[] raw : raw(address, folder)) {
            if (messageId.equals(parse(raw).getMessageID())) {
                return raw;
            }
        }
        throw new AssertionError("no message " + messageId + " in " + address + "'s " + folder);
    }

    private static List<MimeMessage> messages(String address, String folder) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (byte[] raw : raw(address, folder)) {
            out.add(parse(raw));
        }
        return out;
    }

    private static List<byte[]> raw(String address, String folder) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(DevStack.HOST, world.stack.imapPort(), address, "any");
        try {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return List.of();
            }
            f.open(Folder.READ_ONLY);
            List<byte[]> out = new ArrayList<>();
            for (Message m : f.getMessages()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                out.add(bytes.toByteArray());
            }
            f.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    /** How many directory batch look-ups the server has answered, from its own metrics. */
    private static double lookupCalls() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(world.stack.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("route=\"/v1/directory/lookup\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A domain's own key service: anonymous look-ups only, certificates from another CA. */
    private static HttpServer partnerKeyService(Map<String, Identity> people, List<String> asked) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress(DevStack.HOST, 0), 0);
        server.createContext("/v1/directory/", x -> {
            String address = URLDecoder.decode(x.getRequestURI().getRawPath().substring("/v1/directory/".length()), StandardCharsets.UTF_8);
            asked.add(address);
            ObjectNode entry = json.createObjectNode().put("address", address);
            ArrayNode certs = entry.putArray("certificates");
            Identity id = people.get(address);
            if (id != null) {
                certs.addObject().put("pem", Pem.certificate(id.certificate())).put("source", "issued").put("level", "V1")
                        .put("notAfter", id.certificate().getNotAfter().toInstant().toString());
            }
            entry.putNull("provisional");
            byte[] bytes = json.writeValueAsBytes(entry);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(x.getRequestMethod().equals("GET") ? 200 : 405, bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        });
        server.start();
        return server;
    }
}
