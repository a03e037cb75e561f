package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.client.mail.MailException.Kind;

/** IMAPS and SMTPS against GreenMail's TLS ports: trusted through extraTrust, refused without it or for the wrong host. */
class MailClientTlsTest {
    private static final String ALICE = "alice@example.org";

    private GreenMail greenMail;

    @BeforeEach
    void start() {
        GreenMailTls.certificate();
        greenMail = TestMail.start(ServerSetupTest.SMTPS_IMAPS, false);
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private MailSettings settings(String host) {
        return new MailSettings(ALICE, MailEndpoint.parse("imaps://" + host + ":" + greenMail.getImaps().getPort()),
                MailEndpoint.parse("smtps://" + host + ":" + greenMail.getSmtps().getPort()), null, List.of(), TestMail.TIMEOUT);
    }

    @Test
    void sendsAndReadsOverTlsWhenTheServerCertificateIsTrusted() throws MailException {
        MailSettings settings = settings("localhost").withExtraTrust(List.of(GreenMailTls.certificate()));
        byte[] message = TestMail.message(ALICE, ALICE, "over TLS", "", "encrypted on the wire too");

        try (MailClient client = new MailClient(settings, "pw".toCharArray())) {
            client.send(message, ALICE, List.of(ALICE));
            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();

            List<MailSummary> inbox = client.list();
            assertThat(inbox).extracting(MailSummary::subject).containsExactly("over TLS");
            assertThat(TestMail.sameExceptFinalLineEnd(TestMail.withoutTrace(client.fetch(inbox.get(0).id())), message)).isTrue();
            client.saveSent(message);
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedOverImaps() {
        try (MailClient client = new MailClient(settings("localhost"), "pw".toCharArray())) {
            assertThatThrownBy(client::list).isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                    .hasMessageContaining("cannot connect securely to imaps://localhost:" + greenMail.getImaps().getPort())
                    .hasMessageContaining("TLS certificate is not trusted")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void aPlainPortGivenAsImapsSaysSo() {
        GreenMail plain = TestMail.startPlain();
        try {
            MailSettings settings = new MailSettings(ALICE, MailEndpoint.parse("imaps://127.0.0.1:" + plain.getImap().getPort()),
                    MailEndpoint.parse("smtps://127.0.0.1:" + plain.getSmtp().getPort()), null, List.of(), TestMail.TIMEOUT);
            try (MailClient client = new MailClient(settings, "pw".toCharArray())) {
                assertThatThrownBy(client::list).isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                        .hasMessageContaining("cannot connect securely to imaps://127.0.0.1:" + plain.getImap().getPort())
                        .hasMessageContaining("the port seems to expect plain imap://, not TLS");
            }
        } finally {
            plain.stop();
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedOverSmtps() {
        try (MailClient client = new MailClient(settings("localhost"), "pw".toCharArray())) {
            assertThatThrownBy(() -> client.send(TestMail.message(ALICE, ALICE, "s", "", "b"), ALICE, List.of(ALICE)))
                    .isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                    .hasMessageContaining("cannot connect securely to smtps://localhost:" + greenMail.getSmtps().getPort())
                    .hasMessageContaining("TLS certificate is not trusted");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        // The certificate names localhost; 127.0.0.1 is the same machine but not the name it was issued for.
        MailSettings settings = settings("127.0.0.1").withExtraTrust(List.of(GreenMailTls.certificate()));
        try (MailClient client = new MailClient(settings, "pw".toCharArray())) {
            assertThatThrownBy(client::list).isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                    .hasMessageContaining("imaps://127.0.0.1:" + greenMail.getImaps().getPort())
                    .hasMessageContaining("TLS certificate is not issued for 127.0.0.1");
            assertThatThrownBy(() -> client.send(TestMail.message(ALICE, ALICE, "s", "", "b"), ALICE, List.of(ALICE)))
                    .isInstanceOf(MailException.class)
                    .hasMessageContaining("smtps://127.0.0.1:" + greenMail.getSmtps().getPort())
                    .hasMessageContaining("TLS certificate is not issued for 127.0.0.1");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void plainSmtpUpgradesWithStarttlsWhenOfferedAndChecksTheCertificate() throws Exception {
        byte[] message = TestMail.message(ALICE, "bob@example.org", "starttls", "", "private");
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Set.of(), Optional.of(GreenMailTls.serverContext()))) {
            MailSettings trusted = new MailSettings(ALICE, MailEndpoint.parse("imap://localhost:1"),
                    MailEndpoint.parse("smtp://localhost:" + peer.port()), null, List.of(GreenMailTls.certificate()), TestMail.TIMEOUT);
            try (MailClient client = new MailClient(trusted, "pw".toCharArray())) {
                client.send(message, ALICE, List.of("bob@example.org"));
            }
            assertThat(peer.commands()).contains("STARTTLS");
            assertThat(peer.messages()).containsExactly(message);
            assertThat(peer.messagesOverTls()).containsExactly(true);

            try (MailClient untrusting = new MailClient(trusted.withExtraTrust(List.of()), "pw".toCharArray())) {
                assertThatThrownBy(() -> untrusting.send(message, ALICE, List.of("bob@example.org")))
                        .isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                        .hasMessageContaining("cannot connect securely to smtp://localhost:" + peer.port())
                        .hasMessageContaining("TLS certificate is not trusted");
            }
            assertThat(peer.messages()).hasSize(1);
        }
    }

    @Test
    void extraTrustIsAddedToTheDefaultTrustStore() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        X509Certificate[] jdkAnchors = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers();
        assertThat(jdkAnchors).isNotEmpty();

        X509TrustManager combined = TrustedSockets.trustManager(List.of(GreenMailTls.certificate()));

        assertThat(combined.getAcceptedIssuers()).contains(jdkAnchors).contains(GreenMailTls.certificate())
                .hasSize(jdkAnchors.length + 1);
    }
}
