package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mailer against GreenMail with a login and against relays that fail. */
class ChallengeMailerTest {
    private static final String SENDER = "Sealpost <noreply@sealpost.test>";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@sealpost.test", "relay-user", "relay-secret"));

    private static SmtpSettings relay(SmtpSecurity security) {
        return SmtpSettings.of("127.0.0.1", MAIL.getSmtp().getPort(), security, SENDER);
    }

    @Test
    void logsInAtTheRelayAndSendsTheChallengeMail() throws Exception {
        SmtpSettings settings = relay(SmtpSecurity.STARTTLS_OPTIONAL)
                .withCredentials(new SmtpCredentials("relay-user", "relay-secret".toCharArray()));
        new ChallengeMailer(settings, CLOCK).send("carol@example.org", "challengeIdCCCCCCCCCCC", "mailPartDDDDDDDDDDDDDD");
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("SEALPOST: mailPartDDDDDDDDDDDDDD");
        assertThat(m.getHeader("Sealpost-Challenge-Id", null)).isEqualTo("challengeIdCCCCCCCCCCC");
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(m.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(m.getContentType()).startsWith("text/plain");
        assertThat(m.getContent().toString()).doesNotContain("mailPartDDDDDDDDDDDDDD");
    }

    @Test
    void aWrongRelayPasswordIsAClearErrorWithoutThePassword() {
        SmtpSettings settings = relay(SmtpSecurity.STARTTLS_OPTIONAL)
                .withCredentials(new SmtpCredentials("relay-user", "not-the-secret".toCharArray()));
        assertThatThrownBy(() -> new ChallengeMailer(settings, CLOCK).send("carol@example.org", "id", "part"))
                .isInstanceOf(ChallengeMailException.class)
                .hasMessageStartingWith("cannot send the challenge mail through the SMTP relay 127.0.0.1:" + MAIL.getSmtp().getPort())
                .message().doesNotContain("not-the-secret");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsRequiredRefusesARelayWithoutIt() {
        // GreenMail's plain SMTP port offers no STARTTLS: the token must not cross the network in the clear.
        assertThatThrownBy(() -> new ChallengeMailer(relay(SmtpSecurity.STARTTLS_REQUIRED), CLOCK).send("carol@example.org", "id", "part"))
                .isInstanceOf(ChallengeMailException.class).hasMessageContaining("STARTTLS");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void noneSendsPlainAndTlsSpeaksTlsFromTheFirstByte() throws Exception {
        new ChallengeMailer(relay(SmtpSecurity.NONE), CLOCK).send("carol@example.org", "challengeIdCCCCCCCCCCC", "mailPartDDDDDDDDDDDDDD");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        // GreenMail's plain port answers a TLS handshake with its SMTP greeting: the mailer gives up, sends nothing.
        assertThatThrownBy(() -> new ChallengeMailer(relay(SmtpSecurity.TLS), CLOCK).send("dave@example.org", "id", "part"))
                .isInstanceOf(ChallengeMailException.class)
                .hasMessageStartingWith("cannot send the challenge mail through the SMTP relay 127.0.0.1:" + MAIL.getSmtp().getPort());
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aRelayThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (Exception e) {
                    // closed by the test
                }
            });
            SmtpSettings settings = new SmtpSettings("127.0.0.1", silent.getLocalPort(), SmtpSecurity.STARTTLS_OPTIONAL, Optional.empty(), SENDER,
                    Duration.ofSeconds(2), Duration.ofMillis(300));
            assertThatThrownBy(() -> new ChallengeMailer(settings, CLOCK).send("carol@example.org", "id", "part"))
                    .isInstanceOf(ChallengeMailException.class).hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("timed out");
            acceptor.interrupt();
        }
    }
}
