package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.cli.client.ForeignMailProgram;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.Identity;
import org.sealpost.kms.KeySpec;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;

/**
 * The story of {@code sealpost demo}, one sentence per test, in order, on one dev stack: every
 * assertion is on what the mail server actually holds or on what the real commands print.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientStoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ClientWorld world;
    static ClientWorld.User alice;
    static ClientWorld.User bob;
    static ClientWorld.User carol;
    static Identity dave;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
        alice = world.user("alice@example.org");
        bob = world.user("bob@example.org");
        carol = world.user("carol@example.org");
        dave = world.outside.rsa("dave@outside.example");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    @Order(1)
    void aliceAndBobEnroll() {
        alice.enrolled();
        bob.enrolled();
    }

    @Test
    @Order(2)
    void aliceWritesToBobEncryptedAndSignedWithoutAnyExchange() throws Exception {
        Result sent = alice.run("send", "--to", bob.address, "--subject", "Lunch on Friday?", "--body", "Hi Bob, lunch on Friday?");
        assertThat(sent.exit()).as(sent.err()).isZero();

        List<byte[]> delivered = world.mailbox(bob.address);
        assertThat(delivered).hasSize(1);
        String wire = new String(delivered.getFirst(), StandardCharsets.ISO_8859_1);
        assertThat(wire).containsIgnoringCase("application/pkcs7-mime").doesNotContain("Lunch on Friday", "Hi Bob");
        // Bob's key from Bob's store opens it (the engine here stands for any S/MIME reader).
        assertThat(openWith(bob, delivered.getFirst())).contains("Hi Bob, lunch on Friday?");

        JsonNode read = readNewest(bob);
        assertThat(read.path("encrypted").asBoolean()).isTrue();
        assertThat(read.path("subject").asText()).isEqualTo("Lunch on Friday?");
        assertThat(read.path("body").asText()).contains("Hi Bob, lunch on Friday?");
        assertThat(read.path("signature").path("valid").asBoolean()).isTrue();
        assertThat(read.path("signature").path("signer").asText()).contains(alice.address);
        assertThat(read.path("signature").path("level").asText()).contains("V1");
    }

    @Test
    @Order(3)
    void aliceWritesToCarolWhoHasNothingAndCarolGetsAnInvitation() throws Exception {
        Result sent = alice.run("send", "--to", carol.address, "--subject", "The contract", "--body", "Only you can read this.");
        assertThat(sent.exit()).as(sent.err()).isZero();
        List<byte[]> delivered = world.mailbox(carol.address);
        assertThat(delivered).hasSize(2);
        List<String> texts = delivered.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
        assertThat(texts).filteredOn(t -> t.toLowerCase().contains("application/pkcs7-mime")).singleElement()
                .satisfies(t -> assertThat(t).doesNotContain("Only you can read this", "The contract"));
        assertThat(texts).filteredOn(t -> !t.toLowerCase().contains("application/pkcs7-mime")).singleElement()
                .satisfies(t -> assertThat(t).contains(alice.address).containsIgnoringCase("sealpost"));
    }

    @Test
    @Order(4)
    void carolEnrollsAndReadsTheMailSentBeforeSheJoined() throws Exception {
        carol.enrolled();
        Result inbox = carol.run("inbox", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        JsonNode list = messages(JSON.readTree(inbox.out()));
        JsonNode encrypted = null;
        for (JsonNode m : list) {
            if ("The contract".equals(m.path("subject").asText())) {
                encrypted = m;
            }
        }
        assertThat(encrypted).as(inbox.out()).isNotNull();
        Result read = carol.run("read", "--id", encrypted.path("id").asText(), "--json");
        assertThat(read.exit()).as(read.err()).isZero();
        JsonNode r = JSON.readTree(read.out());
        assertThat(r.path("encrypted").asBoolean()).isTrue();
        assertThat(r.path("body").asText()).contains("Only you can read this.");
        assertThat(r.path("signature").path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void anOutsideUserSignsToAliceAndThenBobCanEncryptToHimWithoutMeetingHim() throws Exception {
        sendSignedAsDave(alice.address, "Hello from outside", "Signed with my other CA's certificate.");
        JsonNode read = readNewest(alice);
        assertThat(read.path("signature").path("valid").asBoolean()).as(read.toString()).isTrue();
        assertThat(read.path("signature").path("signer").asText()).contains("dave@outside.example");

        Result sent = bob.run("send", "--to", "dave@outside.example", "--subject", "Nice to meet you", "--body", "Hi Dave.");
        assertThat(sent.exit()).as(sent.err()).isZero();
        List<byte[]> daves = world.mailbox("dave@outside.example");
        assertThat(daves).hasSize(1);
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(daves.getFirst()), opened, KeyHistory.of(dave));
        assertThat(opened.toString(StandardCharsets.UTF_8)).contains("Hi Dave.");
    }

    @Test
    @Order(6)
    void aSecondDeviceOfTheSameAddressReadsEverythingTheFirstCan() throws Exception {
        ClientWorld.User bobPhone = world.device(bob.address, "phone");
        bobPhone.enrolled();
        Result inbox = bobPhone.run("inbox", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        JsonNode list = messages(JSON.readTree(inbox.out()));
        assertThat(list.size()).isGreaterThanOrEqualTo(1);
        boolean found = false;
        for (JsonNode m : list) {
            if ("Lunch on Friday?".equals(m.path("subject").asText())) {
                Result read = bobPhone.run("read", "--id", m.path("id").asText(), "--json");
                assertThat(read.exit()).as(read.err()).isZero();
                assertThat(JSON.readTree(read.out()).path("body").asText()).contains("Hi Bob, lunch on Friday?");
                found = true;
            }
        }
        assertThat(found).as(inbox.out()).isTrue();
    }

    @Test
    @Order(7)
    void theDemoCommandTellsTheWholeStory() {
        Result demo = CliFixture.run("demo", "--data", dir.resolve("demo"));
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("== 1.", "== 2.", "== 3.", "== 4.", "== 5.", "== 6.", "$ sealpost enroll",
                "$ sealpost send", "Dave's own S/MIME software opens it with his key: \"Hi Dave, Alice told me about you.\"");
    }

    @Test
    @Order(8)
    void afterAKeyRotationOldMailStaysReadableAndNewMailReadsOnEveryDevice() throws Exception {
        // The service rotates bob's encryption key (its scheduler does this before a certificate expires);
        // the next enrollment of the address issues and publishes the new key's certificate.
        world.stack.server().keys().rotate(bob.address, KeySpec.DEFAULT);
        world.device(bob.address, "tablet").enrolled();

        Result sent = carol.run("send", "--to", bob.address, "--subject", "After the rotation", "--body", "Sent to the new key.");
        assertThat(sent.exit()).as(sent.err()).isZero();

        // Bob's laptop enrolled before the rotation: it fetches the key history again when it needs to.
        Result inbox = bob.run("inbox", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        int seen = 0;
        for (JsonNode m : messages(JSON.readTree(inbox.out()))) {
            String subject = m.path("subject").asText();
            if (subject.equals("After the rotation") || subject.equals("Lunch on Friday?")) {
                Result read = bob.run("read", "--id", m.path("id").asText(), "--json");
                assertThat(read.exit()).as(subject + ": " + read.err()).isZero();
                assertThat(JSON.readTree(read.out()).path("encrypted").asBoolean()).isTrue();
                seen++;
            }
        }
        assertThat(seen).as(inbox.out()).isEqualTo(2);
        // The tablet, enrolled after the rotation, reads the mail sent to the old key before it existed.
        ClientWorld.User tablet = world.device(bob.address, "tablet");
        JsonNode lunch = null;
        for (JsonNode m : messages(JSON.readTree(tablet.run("inbox", "--json").out()))) {
            if (m.path("subject").asText().equals("Lunch on Friday?")) {
                lunch = m;
            }
        }
        assertThat(lunch).isNotNull();
        Result old = tablet.run("read", "--id", lunch.path("id").asText(), "--json");
        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(JSON.readTree(old.out()).path("body").asText()).contains("Hi Bob, lunch on Friday?");
    }

    private static JsonNode messages(JsonNode inbox) {
        return inbox.isArray() ? inbox : inbox.path("messages");
    }

    private static JsonNode readNewest(ClientWorld.User user) throws Exception {
        Result inbox = user.run("inbox", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        JsonNode list = messages(JSON.readTree(inbox.out()));
        assertThat(list.size()).as(inbox.out()).isGreaterThan(0);
        Result read = user.run("read", "--id", list.get(0).path("id").asText(), "--json");
        assertThat(read.exit()).as(read.err()).isZero();
        return JSON.readTree(read.out());
    }

    private static String openWith(ClientWorld.User user, byte[] mail) throws Exception {
        try (Account account = Account.open(new ClientHome(user.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(),
                java.net.http.HttpClient.newHttpClient())) {
            StoreData.EncryptionKey key = account.data().encryptionKeys().getFirst();
            ByteArrayOutputStream opened = new ByteArrayOutputStream();
            new SmimeDecryptor().decrypt(MessageSource.of(mail), opened, KeyHistory.of(new Identity(key.privateKey(), key.certificates())));
            return opened.toString(StandardCharsets.UTF_8);
        }
    }

    private static void sendSignedAsDave(String to, String subject, String body) throws Exception {
        ForeignMailProgram.sendSigned(dave, "dave@outside.example", to, subject, body, DevStack.HOST, world.stack.smtpPort());
    }
}
