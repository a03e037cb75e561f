package org.sealpost.client.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.client.directory.DirectoryCache;
import org.sealpost.client.directory.FakeKeyService;
import org.sealpost.client.directory.KeyServiceDiscovery;
import org.sealpost.client.directory.RecipientDirectory;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailEndpoint;
import org.sealpost.client.mail.MailSettings;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * The whole send against GreenMail and stand-in key services whose TSA does not answer: what each
 * recipient's mailbox and the Sent folder hold, opened with the keys the test made.
 */
class SenderTest {
    private static final EphemeralPki PKI = new EphemeralPki("sender");
    private static final Identity ALICE_DEVICE = PKI.ec("alice@example.org", "secp256r1");
    private static final Identity ALICE_ENCRYPTION = PKI.rsa("alice@example.org");
    private static final Identity BOB = PKI.rsa("bob@example.org");

    @TempDir
    Path dir;

    private GreenMail mail;
    private FakeKeyService ours;
    private FakeKeyService corp;
    private MailClient client;

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        ours = new FakeKeyService();
        corp = new FakeKeyService();
        ours.certificates.put("bob@example.org", List.of(BOB.certificate()));
        client = new MailClient(new MailSettings("alice@example.org", MailEndpoint.parse("imap://127.0.0.1:" + mail.getImap().getPort()),
                MailEndpoint.parse("smtp://127.0.0.1:" + mail.getSmtp().getPort()), null, List.of(), Duration.ofSeconds(10)),
                "any".toCharArray());
    }

    @AfterEach
    void stop() {
        client.close();
        ours.close();
        corp.close();
        mail.stop();
    }

    private Sender sender() {
        HttpClient http = HttpClient.newHttpClient();
        Clock clock = Clock.systemUTC();
        SealpostService service = new SealpostService(ours.base(), http, Optional.empty(), Duration.ofSeconds(5))
                .as(new DeviceTokenSigner(ALICE_DEVICE.privateKey(), ALICE_DEVICE.certificate()));
        RecipientDirectory directory = new RecipientDirectory(service, u -> new SealpostService(u, http, Optional.empty(), Duration.ofSeconds(5)),
                new KeyServiceDiscovery(http, d -> URI.create("http://127.0.0.1:9/" + d), Duration.ofSeconds(1)),
                Map.of("corp.example", corp.base()), "example.org", DirectoryCache.load(dir.resolve("cache.json"), clock), clock);
        SenderIdentity me = new SenderIdentity("alice@example.org", ours.base(), List.of(ALICE_DEVICE), List.of("device certificate"),
                Optional.of(ALICE_ENCRYPTION.certificate()));
        return new Sender(me, directory, client, Optional.of(new org.sealpost.core.smime.sign.HttpTimestampClient(
                URI.create(ours.base() + "/tsa"), http, new SecureRandom())), clock, new SecureRandom());
    }

    private List<byte[]> folder(String address, String name) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), address, "any");
        try {
            Folder f = store.getFolder(name);
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

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static String decrypt(byte[] message, Identity key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(message), out, KeyHistory.of(key));
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void eachRecipientGetsWhatTheirKeysAllowAndTheSentCopyIsReadable() throws Exception {
        Draft draft = new Draft(List.of("bob@example.org", "carol@example.org"), List.of("erin@corp.example"), "Secret plans",
                "The plans are in the usual place.\n", List.of(), true, true);
        SendReport report = sender().send(draft);

        assertThat(report.recipients()).extracting(RecipientReport::description).containsExactly(
                "encrypted (1 certificate)",
                "encrypted to a provisional key; invitation sent",
                "signed only (no certificate at its key service " + corp.base() + ")");
        assertThat(report.timestamped()).isFalse();
        assertThat(report.warnings()).singleElement().asString().startsWith("no timestamp (timestamp authority " + ours.base() + "/tsa");
        assertThat(report.savedToSent()).isTrue();
        assertThat(ours.batches).containsExactly(2);
        assertThat(corp.anonymous).containsExactly("erin@corp.example");
        assertThat(corp.provisionalCalls).isEmpty();

        // Bob: encrypted, the subject only inside, signed by alice.
        byte[] toBob = folder("bob@example.org", "INBOX").getFirst();
        MimeMessage outer = parse(toBob);
        assertThat(outer.getSubject()).isEqualTo("...");
        assertThat(outer.getContentType()).startsWith("application/pkcs7-mime");
        assertThat(outer.getMessageID()).isEqualTo(report.messageId());
        assertThat(new String(toBob, StandardCharsets.US_ASCII)).doesNotContain("Secret plans", "usual place");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport verified = new SmimeVerifier().verify(MessageSource.of(toBob),
                VerifyOptions.trusting(PKI.root()).withDecryptionKeys(KeyHistory.of(BOB)), content);
        assertThat(verified.valid()).as(verified.reason()).isTrue();
        assertThat(verified.signers()).singleElement().satisfies(s -> assertThat(s.email()).contains("alice@example.org"));
        MimeMessage wrapper = parse(("From: x\r\n" + content.toString(StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
        assertThat(wrapper.getContentType()).isEqualTo("message/rfc822; forwarded=no");
        MimeMessage inner = (MimeMessage) wrapper.getContent();
        assertThat(inner.getSubject()).isEqualTo("Secret plans");
        assertThat(inner.getContent()).isEqualTo("The plans are in the usual place.\r\n");
        assertThat(inner.getMessageID()).isEqualTo(report.messageId());

        // Carol: the same mail, encrypted to her provisional key (named by its key identifier), then the invitation.
        List<byte[]> carols = folder("carol@example.org", "INBOX");
        assertThat(carols).hasSize(2);
        var provisional = ours.provisionalKeys.get("carol@example.org");
        CMSEnvelopedData enveloped = new CMSEnvelopedData(parse(carols.get(0)).getInputStream().readAllBytes());
        RecipientInformation mine = enveloped.getRecipientInfos().get(new KeyAgreeRecipientId(SubjectKeyIds.of(provisional.getPublic())));
        assertThat(mine).as("a recipient info for carol's provisional key").isNotNull();
        String carolSees = new String(mine.getContent(new JceKeyAgreeEnvelopedRecipient(provisional.getPrivate())), StandardCharsets.US_ASCII);
        assertThat(carolSees).contains("multipart/signed", "Subject: Secret plans");
        MimeMessage invitation = parse(carols.get(1));
        assertThat(invitation.getContentType()).startsWith("text/plain");
        assertThat(invitation.getFrom()[0].toString()).isEqualTo("alice@example.org");
        assertThat(invitation.getSubject()).isEqualTo("alice@example.org sent you an encrypted message");
        assertThat(invitation.getHeader("References")).containsExactly(report.messageId());
        assertThat((String) invitation.getContent()).contains("alice@example.org has sent you an encrypted message", "sealpost enroll",
                "--email carol@example.org", "--server " + ours.base()).doesNotContain("Secret plans", "usual place");

        // Erin (an on-premise domain without a certificate): signed only, readable, verifiable.
        byte[] toErin = folder("erin@corp.example", "INBOX").getFirst();
        MimeMessage signedOnly = parse(toErin);
        assertThat(signedOnly.getContentType()).startsWith("multipart/signed");
        assertThat(signedOnly.getSubject()).isEqualTo("Secret plans");
        assertThat(signedOnly.getMessageID()).isEqualTo(report.messageId());
        assertThat(new SmimeVerifier().verify(MessageSource.of(toErin), VerifyOptions.trusting(PKI.root()), null).valid()).isTrue();

        // Alice's Sent copy: the encrypted mail, which her own key opens.
        byte[] sent = folder("alice@example.org", "Sent").getFirst();
        assertThat(parse(sent).getMessageID()).isEqualTo(report.messageId());
        assertThat(parse(sent).getContentType()).startsWith("application/pkcs7-mime");
        assertThat(decrypt(sent, ALICE_ENCRYPTION)).contains("multipart/signed");
    }

    @Test
    void aFailedLookUpSendsNothing() throws Exception {
        ours.wrongKeyIdentifier = true;
        Draft draft = new Draft(List.of("bob@example.org", "carol@example.org"), List.of(), "s", "b", List.of(), true, true);
        assertThatThrownBy(() -> sender().send(draft)).isInstanceOf(SendException.class)
                .hasMessageContaining("provisional key for carol@example.org does not match").hasMessageEndingWith("nothing was sent");
        assertThat(folder("bob@example.org", "INBOX")).isEmpty();
        assertThat(folder("carol@example.org", "INBOX")).isEmpty();
        assertThat(folder("alice@example.org", "Sent")).isEmpty();
    }

    @Test
    void withoutEncryptionNobodyIsLookedUpAndEveryoneGetsTheSignedMail() throws Exception {
        Draft draft = new Draft(List.of("bob@example.org", "dan@example.org"), List.of(), "Open", "Nothing secret.", List.of(), false, true);
        SendReport report = sender().send(draft);
        assertThat(report.recipients()).extracting(RecipientReport::description).containsOnly("signed only (--no-encrypt)");
        assertThat(report.serviceCalls()).isZero();
        assertThat(ours.batches).isEmpty();
        byte[] toDan = folder("dan@example.org", "INBOX").getFirst();
        assertThat(parse(toDan).getContentType()).startsWith("multipart/signed");
        assertThat(new SmimeVerifier().verify(MessageSource.of(toDan), VerifyOptions.trusting(PKI.root()), null).valid()).isTrue();
        MimeMessage sent = parse(folder("alice@example.org", "Sent").getFirst());
        assertThat(sent.getMessageID()).isEqualTo(report.messageId());
        assertThat(sent.getContentType()).startsWith("multipart/signed");
    }

    @Test
    void theSenderSignsWithTheDeviceAndOneValidIdentityForTheSameKey() {
        Instant now = Instant.now();
        Identity v2 = PKI.ec("alice@example.org", "secp256r1");
        Identity vp = PKI.ec("alice@example.org", "secp256r1");
        Identity expired = PKI.issue(EphemeralPki.Spec.ec("alice@example.org", "secp256r1")
                .validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        Identity otherKey = PKI.ec("alice@example.org", "secp384r1");
        StoreData data = StoreData.forAccount("pw")
                .withDevice(new StoreData.DeviceCredentials("d1", "laptop", ALICE_DEVICE.privateKey(), ALICE_DEVICE.chain()))
                .withEncryptionKeys(List.of(new StoreData.EncryptionKey("k2", ALICE_ENCRYPTION.privateKey(), List.of()),
                        new StoreData.EncryptionKey("k1", ALICE_ENCRYPTION.privateKey(), List.of(ALICE_ENCRYPTION.certificate()))));

        SenderIdentity plain = SenderIdentity.of("alice@example.org", ours.base(), data, now);
        assertThat(plain.signerLabels()).containsExactly("device certificate");
        assertThat(plain.encryptionCertificate()).contains(ALICE_ENCRYPTION.certificate());

        SenderIdentity dual = SenderIdentity.of("alice@example.org", ours.base(), data.withIdentities(List.of(
                new StoreData.IdentityCertificate("V3", otherKey.chain()), new StoreData.IdentityCertificate("V4", expired.chain()),
                new StoreData.IdentityCertificate("V2", v2.chain()))), now);
        assertThat(dual.signerLabels()).containsExactly("device certificate", "V2");
        assertThat(dual.signers().get(1).certificate()).isEqualTo(v2.certificate());

        SenderIdentity withVp = SenderIdentity.of("alice@example.org", ours.base(), data.withIdentities(List.of(
                new StoreData.IdentityCertificate("V2", v2.chain()), new StoreData.IdentityCertificate("Vp", vp.chain()))), now);
        assertThat(withVp.signerLabels()).containsExactly("device certificate", "Vp");
        // Two signers is what one S/MIME signature carries.
        assertThat(SignOptions.detached(withVp.signers().toArray(Identity[]::new)).signers()).hasSize(2);
    }
}
