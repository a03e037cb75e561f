package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.client.mail.MailException.Kind;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.testing.Messages;
import org.sealpost.core.testing.SmimeOps;

/** Sending over plain SMTP and keeping a Sent copy over IMAP, against GreenMail and a scripted SMTP peer. */
class MailClientSendTest {
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final String CAROL = "carol@example.org";

    private static byte[] signed;

    private GreenMail greenMail;
    private MailClient alice;

    @BeforeAll
    static void signAMessage() throws Exception {
        Identity identity = new EphemeralPki("mail test CA").rsa(ALICE);
        // A line starting with a dot checks SMTP dot-stuffing both ways.
        signed = SmimeOps.sign(Messages.plain(ALICE, BOB, "Signed, and it must stay so.\r\n.a line with a leading dot\r\n"),
                SignOptions.detached(identity));
    }

    @BeforeEach
    void start() {
        greenMail = TestMail.startPlain();
        alice = new MailClient(TestMail.plainSettings(greenMail, ALICE), "alice's password".toCharArray());
    }

    @AfterEach
    void stop() {
        alice.close();
        greenMail.stop();
    }

    @Test
    void aSignedMessageArrivesByteForByte() throws Exception {
        assertThat(new String(signed, StandardCharsets.US_ASCII)).contains("multipart/signed");

        alice.send(signed, ALICE, List.of(BOB, CAROL));

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        for (MimeMessage received : greenMail.getReceivedMessages()) {
            assertThat(received.getHeader("Return-Path")).containsExactly("<" + ALICE + ">");
            assertThat(TestMail.sameExceptFinalLineEnd(TestMail.withoutTrace(raw(received)), signed)).isTrue();
        }
        try (MailClient bob = new MailClient(TestMail.plainSettings(greenMail, BOB), "pw".toCharArray())) {
            byte[] fetched = bob.fetch(bob.list().get(0).id());
            assertThat(TestMail.sameExceptFinalLineEnd(TestMail.withoutTrace(fetched), signed)).isTrue();
        }
    }

    @Test
    void theBytesOnTheWireAreExactlyTheGivenBytes() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Set.of());
             MailClient client = new MailClient(settingsFor(peer), "pw".toCharArray())) {
            client.send(signed, ALICE, List.of(BOB));

            assertThat(peer.messages()).hasSize(1);
            assertThat(peer.messages().get(0)).isEqualTo(signed);
            assertThat(peer.commands()).contains("MAIL FROM:<" + ALICE + ">", "RCPT TO:<" + BOB + ">");
        }
    }

    @Test
    void theEnvelopeAloneDecidesWhoReceives() throws Exception {
        byte[] toBobOnly = TestMail.message(ALICE, BOB, "bcc", "", "carol is a blind copy");

        alice.send(toBobOnly, "bounces@example.org", List.of(BOB, CAROL));

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        List<String> returnPaths = new ArrayList<>();
        for (MimeMessage received : greenMail.getReceivedMessages()) {
            returnPaths.add(received.getHeader("Return-Path")[0]);
            assertThat(received.getHeader("Bcc")).isNull();
        }
        assertThat(returnPaths).containsOnly("<bounces@example.org>");
        assertThat(greenMail.findReceivedMessages(user -> user.getEmail().equals(CAROL), m -> true).count()).isEqualTo(1);
    }

    @Test
    void aRefusedRecipientStopsTheWholeMessage() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Set.of(CAROL, "dave@example.org"));
             MailClient client = new MailClient(settingsFor(peer), "pw".toCharArray())) {

            assertThatThrownBy(() -> client.send(signed, ALICE, List.of(BOB, CAROL, "dave@example.org")))
                    .isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.REFUSED))
                    .hasMessageContaining("smtp://127.0.0.1:" + peer.port() + " refused the recipients carol@example.org, dave@example.org")
                    .hasMessageContaining("nothing was sent")
                    .hasMessageNotContaining(BOB)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(peer.messages()).isEmpty();
            assertThat(peer.commands()).doesNotContain("DATA");
        }
    }

    @Test
    void badAddressesAreRejectedBeforeConnecting() {
        assertThatThrownBy(() -> alice.send(signed, ALICE, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one recipient");
        assertThatThrownBy(() -> alice.send(signed, ALICE, List.of("bob at example.org"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid recipient address: bob at example.org");
        assertThatThrownBy(() -> alice.send(signed, "", List.of(BOB))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sender address must not be blank");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void saveSentAppendsAnUnchangedReadCopyAndCreatesTheFolderOnce() throws Exception {
        alice.saveSent(signed);
        byte[] second = TestMail.message(ALICE, BOB, "second", "", "again");
        alice.saveSent(second);

        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", greenMail.getImap().getPort(), ALICE, "any");
            Folder sent = store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            Message[] copies = sent.getMessages();
            assertThat(copies).hasSize(2);
            assertThat(raw(copies[0])).isEqualTo(signed);
            assertThat(raw(copies[1])).isEqualTo(second);
            assertThat(copies[0].getFlags().contains(Flags.Flag.SEEN)).isTrue();
            sent.close(false);
        }
        assertThat(alice.list()).isEmpty();
    }

    private static MailSettings settingsFor(ScriptedSmtpPeer peer) {
        return new MailSettings(ALICE, MailEndpoint.parse("imap://127.0.0.1:1"), MailEndpoint.parse("smtp://127.0.0.1:" + peer.port()),
                null, List.of(), TestMail.TIMEOUT);
    }

    private static byte[] raw(Message message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
