package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.client.mail.MailException.Kind;

/** Failures the user must understand: wrong password, nobody listening, a server that never answers, a closed client. */
class MailClientFailureTest {
    private static final String ALICE = "alice@example.org";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String WRONG = "Tr0ub4dor&3-wrong";

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatDoesNotRepeatIt() throws Exception {
        GreenMail greenMail = TestMail.start(ServerSetupTest.SMTP_IMAP, true);
        try {
            greenMail.setUser(ALICE, ALICE, PASSWORD);
            MailSettings settings = TestMail.plainSettings(greenMail, ALICE);
            try (MailClient wrong = new MailClient(settings, WRONG.toCharArray())) {
                assertThatThrownBy(wrong::list).isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.AUTHENTICATION))
                        .hasMessageContaining("cannot log in as " + ALICE + " at imap://127.0.0.1:" + greenMail.getImap().getPort())
                        .hasMessageContaining("refused the user name or password")
                        .hasMessageNotContaining(WRONG)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                assertThatThrownBy(() -> wrong.send(TestMail.message(ALICE, ALICE, "s", "", "b"), ALICE, List.of(ALICE)))
                        .isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.AUTHENTICATION))
                        .hasMessageContaining("smtp://127.0.0.1:" + greenMail.getSmtp().getPort())
                        .hasMessageNotContaining(WRONG);
            }
            char[] password = PASSWORD.toCharArray();
            try (MailClient right = new MailClient(settings, password)) {
                // The client keeps its own copy: the caller may wipe its array at once.
                Arrays.fill(password, '\0');
                right.send(TestMail.message(ALICE, ALICE, "logged in", "", "b"), ALICE, List.of(ALICE));
                assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
                assertThat(right.list()).extracting(MailSummary::subject).containsExactly("logged in");
            }
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port = TestMail.closedPort();
        MailSettings settings = new MailSettings(ALICE, MailEndpoint.parse("imap://127.0.0.1:" + port),
                MailEndpoint.parse("smtps://127.0.0.1:" + port), null, List.of(), TestMail.TIMEOUT);
        try (MailClient client = new MailClient(settings, PASSWORD.toCharArray())) {
            assertThatThrownBy(client::list).isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                    .hasMessageContaining("cannot connect to imap://127.0.0.1:" + port)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(PASSWORD));
            assertThatThrownBy(() -> client.send(TestMail.message(ALICE, ALICE, "s", "", "b"), ALICE, List.of(ALICE)))
                    .isInstanceOf(MailException.class)
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                    .hasMessageContaining("cannot connect to smtps://127.0.0.1:" + port);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            MailSettings settings = new MailSettings(ALICE, MailEndpoint.parse("imap://127.0.0.1:" + silent.getLocalPort()),
                    MailEndpoint.parse("smtp://127.0.0.1:" + silent.getLocalPort()), null, List.of(), Duration.ofMillis(700));
            try (MailClient client = new MailClient(settings, PASSWORD.toCharArray())) {
                long start = System.nanoTime();
                assertThatThrownBy(client::list).isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                        .hasMessageContaining("imap://127.0.0.1:" + silent.getLocalPort())
                        .hasMessageContaining("no answer within 0.7 s");
                assertThatThrownBy(() -> client.send(TestMail.message(ALICE, ALICE, "s", "", "b"), ALICE, List.of(ALICE)))
                        .isInstanceOf(MailException.class)
                        .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.UNREACHABLE))
                        .hasMessageContaining("smtp://127.0.0.1:" + silent.getLocalPort())
                        .hasMessageContaining("no answer within 0.7 s");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aClosedClientRefusesFurtherCalls() {
        GreenMail greenMail = TestMail.startPlain();
        try {
            MailClient client = new MailClient(TestMail.plainSettings(greenMail, ALICE), PASSWORD.toCharArray());
            client.close();
            client.close();
            assertThatThrownBy(client::list).isInstanceOf(IllegalStateException.class).hasMessage("the mail client for " + ALICE + " is closed");
            assertThatThrownBy(() -> client.saveSent(new byte[0])).isInstanceOf(IllegalStateException.class);
            assertThat(client.toString()).doesNotContain(PASSWORD);
        } finally {
            greenMail.stop();
        }
    }
}
