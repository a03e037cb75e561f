package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.client.account.Account;
import org.sealpost.client.read.MailReader;
import org.sealpost.client.service.DirectoryEntry;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.smime.encrypt.Recipient;

/**
 * {@code inbox} and {@code read} end to end on the dev stack: alice, bob and others enrolled for
 * real, mail made with the core engine as another client would make it and delivered over SMTP,
 * then read with the real commands.
 */
class ClientReadTest {
    @TempDir
    static Path dir;
    static ClientWorld world;
    static ClientMail mail;
    static ClientWorld.User alice;
    static ClientWorld.User bob;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
        mail = new ClientMail(world);
        alice = world.user("alice@example.org").enrolled();
        bob = world.user("bob@example.org").enrolled();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** Alice's client: her real headers inside, "..." outside, signed with her device key, timestamped, encrypted to bob and herself. */
    private static byte[] fromAlice(String subject, String body, Map<String, byte[]> attachments, ClientWorld.User... to) throws Exception {
        String rcpt = to[0].address;
        byte[] inner = ClientMail.compose("Alice <alice@example.org>", rcpt, subject, body, attachments);
        byte[] signed = mail.sign(ClientMail.protect("alice@example.org", rcpt, inner), true, ClientMail.deviceIdentity(alice));
        List<Recipient> recipients = new ArrayList<>();
        for (ClientWorld.User u : to) {
            recipients.add(Recipient.of(ClientMail.encryptionCertificate(u)));
        }
        recipients.add(Recipient.of(ClientMail.encryptionCertificate(alice)));
        return ClientMail.encrypt(signed, recipients.toArray(new Recipient[0]));
    }

    /** The id of the newest message in {@code user}'s inbox whose (inner) subject is {@code subject}, from {@code inbox --json}. */
    private static String idOf(ClientWorld.User user, String subject) throws Exception {
        Result r = user.run("inbox", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return StreamSupport.stream(r.json().spliterator(), false).filter(m -> m.path("subject").asText().equals(subject))
                .map(m -> m.path("id").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no message '" + subject + "' in " + user.address + "'s inbox: " + r.out()));
    }

    private static JsonNode readJson(ClientWorld.User user, String id, Object... more) throws Exception {
        List<Object> args = new ArrayList<>(List.of("--id", id, "--json"));
        args.addAll(List.of(more));
        Result r = user.run("read", args.toArray());
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.json();
    }

    @Test
    void bobReadsAnEncryptedSignedMailFromAliceWithLevelSignerAndTimestamp() throws Exception {
        mail.deliver(fromAlice("Lunch on Friday?", "Hi Bob,\nlunch on Friday?\n", Map.of(), bob), alice.address, bob.address);
        // On the wire the subject is not readable.
        byte[] wire = world.mailbox(bob.address).getLast();
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).contains("Subject: ...").doesNotContain("Lunch", "Hi Bob");

        String id = idOf(bob, "Lunch on Friday?");
        JsonNode m = readJson(bob, id);
        assertThat(m.path("from").asText()).contains("alice@example.org");
        assertThat(m.path("to").toString()).contains("bob@example.org");
        assertThat(m.path("subject").asText()).isEqualTo("Lunch on Friday?");
        assertThat(m.path("body").asText()).contains("lunch on Friday?");
        assertThat(m.path("encrypted").asBoolean()).isTrue();
        assertThat(m.path("date").isTextual()).isTrue();
        JsonNode sig = m.path("signature");
        assertThat(sig.path("valid").asBoolean()).as(m.toString()).isTrue();
        assertThat(sig.path("level").asText()).isEqualTo("V1");
        assertThat(sig.path("validation").asText()).isEqualTo("address validated");
        assertThat(sig.path("signer").asText()).isEqualTo("alice@example.org");
        assertThat(sig.path("timestamp").isTextual()).as("timestamp: " + sig).isTrue();
        assertThat(m.path("signatures")).hasSize(1);
        assertThat(m.path("reason").asText()).isEqualTo("ok");

        Result text = bob.run("read", "--id", id);
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Subject:  Lunch on Friday?", "Security: encrypted; signed by alice@example.org, address validated (V1), "
                + "timestamped at " + sig.path("timestamp").asText(), "lunch on Friday?");
        // Alice's own copy opens with her key too.
        mail.deliver(fromAlice("Lunch on Friday?", "Hi Bob,\nlunch on Friday?\n", Map.of(), bob), alice.address, alice.address);
        assertThat(readJson(alice, idOf(alice, "Lunch on Friday?")).path("signature").path("valid").asBoolean()).isTrue();
    }

    @Test
    void aDualSignedMailShowsTwoSignersAndVpForAnotherCaTheStoreOrTheDirectoryTrusts() throws Exception {
        ClientWorld.User carol = world.user("carol@example.org").enrolled();
        try (Account a = ClientMail.open(carol)) {
            // Carol trusts the outside CA herself, as a user would add a public root.
            a.save(a.data().trusting(world.outside.root()));
        }
        Identity aliceVp = world.outside.rsa("alice@example.org");
        String both = "bob@example.org, carol@example.org";
        byte[] inner = ClientMail.compose("alice@example.org", both, "Dual", "Signed twice.\n", Map.of());
        byte[] signed = mail.sign(ClientMail.protect("alice@example.org", both, inner), false, ClientMail.deviceIdentity(alice), aliceVp);
        mail.deliver(ClientMail.encrypt(signed, Recipient.of(ClientMail.encryptionCertificate(bob)),
                Recipient.of(ClientMail.encryptionCertificate(carol))), alice.address, bob.address, carol.address);

        JsonNode forCarol = readJson(carol, idOf(carol, "Dual"));
        assertThat(forCarol.path("signatures")).hasSize(2);
        assertThat(forCarol.path("signatures").findValuesAsText("level")).containsExactlyInAnyOrder("V1", "Vp");
        assertThat(forCarol.path("signatures").findValuesAsText("validation")).contains("address validated", "publicly trusted");
        assertThat(forCarol.path("signature").path("valid").asBoolean()).isTrue();
        assertThat(forCarol.path("signature").path("level").asText()).isEqualTo("Vp");

        // Bob's store does not hold that root, but his service's directory trusts it and now publishes the certificate.
        JsonNode forBob = readJson(bob, idOf(bob, "Dual"));
        assertThat(forBob.path("signatures").findValuesAsText("level")).containsExactlyInAnyOrder("V1", "Vp");
        assertThat(forBob.path("signatures").toString()).contains("trusted by this service's directory");

        // A CA neither trusts: still two signers, the service's one validated, the other not, and the message shown.
        Identity aliceNowhere = new EphemeralPki("nowhere-ca").rsa("alice@example.org");
        byte[] inner2 = ClientMail.compose("alice@example.org", bob.address, "Dual, unknown CA", "Signed twice again.\n", Map.of());
        mail.deliver(mail.sign(inner2, false, ClientMail.deviceIdentity(alice), aliceNowhere), alice.address, bob.address);
        JsonNode unknown = readJson(bob, idOf(bob, "Dual, unknown CA"));
        assertThat(unknown.path("signatures")).hasSize(2);
        assertThat(unknown.path("signature").path("valid").asBoolean()).isTrue();
        assertThat(unknown.path("signature").path("level").asText()).isEqualTo("V1");
        JsonNode outside = StreamSupport.stream(unknown.path("signatures").spliterator(), false)
                .filter(s -> !s.path("issuedByService").asBoolean()).findFirst().orElseThrow();
        assertThat(outside.path("valid").asBoolean()).isFalse();
        assertThat(outside.path("intact").asBoolean()).isTrue();
        assertThat(outside.path("level").isNull()).isTrue();
        // Refused by the directory when the inbox first met it; read after that, it is one the directory does not publish.
        assertThat(outside.path("text").asText()).contains("not validated", "does not trust", "directory");
    }

    @Test
    void aTamperedMailIsExitOneWithOneLineSayingWhy() throws Exception {
        byte[] plain = ClientMail.compose("alice@example.org", bob.address, "Invoice", "Please pay 100 EUR.\n", Map.of());
        String signed = new String(mail.sign(plain, false, ClientMail.deviceIdentity(alice)), StandardCharsets.US_ASCII);
        assertThat(signed).contains("100 EUR");
        mail.deliver(signed.replace("100 EUR", "900 EUR").getBytes(StandardCharsets.US_ASCII), alice.address, bob.address);
        String id = idOf(bob, "Invoice");

        Result r = bob.run("read", "--id", id, "--json");
        CliFixture.assertFailed(r, null, ExitCodes.FAILED);
        assertThat(r.err()).contains("signature is bad", "altered");
        assertThat(r.out()).isEmpty();

        // The inbox lists it as bad rather than failing.
        Result inbox = bob.run("inbox");
        assertThat(inbox.exit()).as(inbox.toString()).isZero();
        assertThat(inbox.out()).contains("BAD SIGNATURE");

        // An encrypted mail whose ciphertext was changed does not open either.
        mail.deliver(ClientMail.flipInBody(fromAlice("Flipped", "x\n", Map.of(), bob)), alice.address, bob.address);
        JsonNode newest = bob.run("inbox", "--json").json().get(0);
        assertThat(newest.path("status").asText()).isIn("unreadable", "bad");
        Result flipped = bob.run("read", "--id", newest.path("id").asText());
        CliFixture.assertFailed(flipped, null, ExitCodes.FAILED);
    }

    @Test
    void aPlainMailIsShownUnencryptedAndUnsigned() throws Exception {
        mail.deliver(ClientMail.compose("Someone <someone@example.net>", bob.address, "Plain hello", "No S/MIME here.\n", Map.of()),
                "someone@example.net", bob.address);
        JsonNode m = readJson(bob, idOf(bob, "Plain hello"));
        assertThat(m.path("encrypted").asBoolean()).isFalse();
        assertThat(m.path("signed").asBoolean()).isFalse();
        assertThat(m.path("signature").isNull()).isTrue();
        assertThat(m.path("from").asText()).isEqualTo("Someone <someone@example.net>");
        assertThat(m.path("body").asText()).contains("No S/MIME here.");
        Result text = bob.run("read", "--id", idOf(bob, "Plain hello"));
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("Security: not encrypted; not signed");
    }

    @Test
    void anOutsideSignerIsValidatedThroughTheDirectoryAndHarvestedOnce() throws Exception {
        Identity dave = world.outside.rsa("dave@outside.example");
        SealpostService anyone = new SealpostService(java.net.URI.create(world.stack.baseUrl()), java.net.http.HttpClient.newHttpClient(),
                java.util.Optional.empty(), java.time.Duration.ofSeconds(10));
        assertThat(anyone.lookupAnonymously("dave@outside.example").certificates()).isEmpty();

        byte[] plain = ClientMail.compose("Dave <dave@outside.example>", bob.address, "Hello from outside", "Signed elsewhere.\n", Map.of());
        mail.deliver(mail.sign(plain, false, dave), "dave@outside.example", bob.address);
        Result r = bob.run("read", "--id", idOf(bob, "Hello from outside"), "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("could not");
        JsonNode sig = r.json().path("signature");
        // Bob's store does not know that CA; his service's directory does, and now publishes dave's certificate.
        assertThat(sig.path("signer").asText()).isEqualTo("dave@outside.example");
        assertThat(sig.path("valid").asBoolean()).isTrue();
        assertThat(sig.path("level").asText()).isEqualTo("Vp");
        assertThat(sig.path("validation").asText()).isEqualTo("publicly trusted");
        assertThat(sig.path("text").asText()).contains("signed by dave@outside.example, publicly trusted (Vp)");
        assertThat(r.json().path("signatures").get(0).path("issuedByService").asBoolean()).isFalse();

        DirectoryEntry entry = anyone.lookupAnonymously("dave@outside.example");
        assertThat(entry.certificates()).extracting(DirectoryEntry.Published::certificate).contains(dave.certificate());
        assertThat(entry.certificates()).extracting(DirectoryEntry.Published::source).contains("harvested");

        Path seen = bob.home.resolve(MailReader.HARVESTED_FILE);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dave.certificate().getEncoded()));
        assertThat(Files.readAllLines(seen)).containsOnlyOnce(fingerprint);
        // Read again (and the inbox): submitted once only.
        assertThat(bob.run("read", "--id", idOf(bob, "Hello from outside")).exit()).isZero();
        assertThat(Files.readAllLines(seen)).containsOnlyOnce(fingerprint);
    }

    @Test
    void mailToAKeyThisStoreLacksOrToAnOlderKeyStillReads() throws Exception {
        ClientWorld.User dan = world.user("dan@example.org").enrolled();
        X509Certificate serviceCert = ClientMail.encryptionCertificate(dan);
        String serviceKeyId;
        // This device's store holds another key only: as if the service's key had been rotated in after it enrolled.
        Identity other = world.outside.rsa("dan@example.org");
        try (Account a = ClientMail.open(dan)) {
            serviceKeyId = a.data().encryptionKeys().getFirst().keyId();
            a.save(a.data().withEncryptionKeys(List.of(new StoreData.EncryptionKey("local-only", other.privateKey(), List.of(other.certificate())))));
        }
        byte[] toService = ClientMail.encrypt(ClientMail.compose("alice@example.org", dan.address, "To the service key", "Rotated.\n", Map.of()),
                Recipient.of(serviceCert));
        mail.deliver(toService, alice.address, dan.address);
        JsonNode m = readJson(dan, idOf(dan, "To the service key"));
        assertThat(m.path("body").asText()).contains("Rotated.");
        assertThat(m.path("signature").isNull()).isTrue();
        try (Account a = ClientMail.open(dan)) {
            // Fetched again and kept, merged with what was there: nothing is lost.
            assertThat(a.data().encryptionKeys()).extracting(StoreData.EncryptionKey::keyId).containsExactly(serviceKeyId, "local-only");
        }
        // Now "local-only" is the older key of the history: mail to it still reads.
        byte[] toOld = ClientMail.encrypt(ClientMail.compose("alice@example.org", dan.address, "To the older key", "Old key.\n", Map.of()),
                Recipient.of(other.certificate()));
        mail.deliver(toOld, alice.address, dan.address);
        assertThat(readJson(dan, idOf(dan, "To the older key")).path("body").asText()).contains("Old key.");
    }

    @Test
    void aKeyWithoutCertificateOpensMailAddressedToItsKeyIdentifier() throws Exception {
        ClientWorld.User erin = world.user("erin@example.org").enrolled();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair provisional = g.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair provisionalEc = ec.generateKeyPair();
        try (Account a = ClientMail.open(erin)) {
            List<StoreData.EncryptionKey> keys = new ArrayList<>(a.data().encryptionKeys());
            keys.add(new StoreData.EncryptionKey("provisional-rsa", provisional.getPrivate(), List.of()));
            keys.add(new StoreData.EncryptionKey("provisional-ec", provisionalEc.getPrivate(), List.of()));
            a.save(a.data().withEncryptionKeys(keys));
        }
        mail.deliver(ClientMail.encrypt(ClientMail.compose("alice@example.org", erin.address, "Before you joined", "Waiting for you.\n", Map.of()),
                Recipient.of(provisional.getPublic())), alice.address, erin.address);
        mail.deliver(ClientMail.encrypt(ClientMail.compose("alice@example.org", erin.address, "Before you joined, EC", "Also waiting.\n", Map.of()),
                Recipient.of(provisionalEc.getPublic())), alice.address, erin.address);
        assertThat(readJson(erin, idOf(erin, "Before you joined")).path("body").asText()).contains("Waiting for you.");
        assertThat(readJson(erin, idOf(erin, "Before you joined, EC")).path("body").asText()).contains("Also waiting.");
    }

    @Test
    void aWrongPassphraseIsExitTwo() throws Exception {
        for (String command : List.of("read", "inbox")) {
            Result r = command.equals("read") ? bob.runWith(ClientWorld.WRONG_PASSPHRASE_ENV, "read", "--id", "1")
                    : bob.runWith(ClientWorld.WRONG_PASSPHRASE_ENV, "inbox");
            CliFixture.assertFailed(r, null, ExitCodes.USAGE);
            assertThat(r.err()).startsWith("sealpost: wrong passphrase");
        }
    }

    @Test
    void attachmentsAreSavedUnderSafeNamesInsideTheDirectory() throws Exception {
        byte[] report = "the report\n".getBytes(StandardCharsets.UTF_8);
        byte[] evil = "#!/bin/sh\necho owned\n".getBytes(StandardCharsets.UTF_8);
        mail.deliver(fromAlice("With files", "Two files attached.\n", ClientMail.files("report.txt", report, "../../evil.sh", evil), bob),
                alice.address, bob.address);
        Path target = work.resolve("out").resolve("attachments");
        JsonNode m = readJson(bob, idOf(bob, "With files"), "--save-attachments", target);
        assertThat(m.path("attachments")).hasSize(2);
        assertThat(m.path("attachments").findValuesAsText("name")).containsExactly("report.txt", "../../evil.sh");
        assertThat(Files.readAllBytes(target.resolve("report.txt"))).isEqualTo(report);
        assertThat(Files.readAllBytes(target.resolve("evil.sh"))).isEqualTo(evil);
        try (var all = Files.walk(work)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> p.getParent().equals(target))).containsOnly(true);
        }
        // Saved again: nothing is overwritten.
        readJson(bob, idOf(bob, "With files"), "--save-attachments", target);
        assertThat(target.resolve("report-1.txt")).hasBinaryContent(report);
    }

    @Test
    void everyIdTheInboxListsIsOneReadAccepts() throws Exception {
        mail.deliver(fromAlice("Listed", "In the list.\n", Map.of(), bob), alice.address, bob.address);
        JsonNode list = bob.run("inbox", "--json").json();
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isPositive();
        for (JsonNode entry : list) {
            assertThat(entry.has("id") && entry.has("from") && entry.has("subject") && entry.has("date")).as(entry.toString()).isTrue();
            Result r = bob.run("read", "--id", entry.path("id").asText(), "--json");
            boolean failed = entry.path("status").asText().equals("bad") || entry.path("status").asText().equals("unreadable");
            assertThat(r.exit()).as(entry + " -> " + r).isEqualTo(failed ? ExitCodes.FAILED : ExitCodes.OK);
            if (!failed) {
                assertThat(r.json().path("subject").asText()).isEqualTo(entry.path("subject").asText());
            }
        }
        Result missing = bob.run("read", "--id", "999999");
        CliFixture.assertFailed(missing, null, ExitCodes.USAGE);
        assertThat(missing.err()).contains("no message with id 999999");
    }

    @Test
    void aSignatureByARevokedDeviceIsBad() throws Exception {
        ClientWorld.User phone = world.device(alice.address, "phone").enrolled();
        Identity phoneKey = ClientMail.deviceIdentity(phone);
        String phoneId;
        try (Account a = ClientMail.open(phone)) {
            phoneId = a.data().device().orElseThrow().id();
        }
        mail.deliver(mail.sign(ClientMail.compose("alice@example.org", bob.address, "From the lost phone", "Hi.\n", Map.of()), false, phoneKey),
                alice.address, bob.address);
        String id = idOf(bob, "From the lost phone");
        assertThat(readJson(bob, id).path("signature").path("valid").asBoolean()).isTrue();
        try (Account a = ClientMail.open(alice)) {
            a.deviceService().revokeDevice(phoneId);
        }
        Result r = bob.run("read", "--id", id);
        CliFixture.assertFailed(r, null, ExitCodes.FAILED);
        assertThat(r.err()).contains("revoked");
    }
}
