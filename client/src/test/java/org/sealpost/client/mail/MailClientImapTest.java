package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.client.mail.MailException.Kind;

/** Reading INBOX over plain IMAP: list, fetch, delete, await, against GreenMail. */
class MailClientImapTest {
    private static final String BOB = "bob@example.org";

    private GreenMail greenMail;
    private MailClient bob;
    private MailClient alice;

    @BeforeEach
    void start() {
        greenMail = TestMail.startPlain();
        bob = new MailClient(TestMail.plainSettings(greenMail, BOB), "bob's password".toCharArray());
        alice = new MailClient(TestMail.plainSettings(greenMail, "alice@example.org"), "alice's password".toCharArray());
    }

    @AfterEach
    void stop() {
        bob.close();
        alice.close();
        greenMail.stop();
    }

    private void mailToBob(byte[] message) throws MailException {
        alice.send(message, "alice@example.org", List.of(BOB));
    }

    @Test
    void anEmptyInboxListsNothing() throws MailException {
        assertThat(bob.list()).isEmpty();
    }

    @Test
    void listsTheInboxNewestFirst() throws MailException {
        mailToBob(TestMail.message("Alice <alice@example.org>", "Bob <bob@example.org>, carol@example.org", "first", "", "one"));
        mailToBob(TestMail.message("=?UTF-8?Q?J=C3=BCrgen?= <juergen@example.org>", BOB, "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", "", "two"));

        List<MailSummary> inbox = bob.list();

        assertThat(inbox).hasSize(2);
        MailSummary newest = inbox.get(0);
        MailSummary oldest = inbox.get(1);
        assertThat(Long.parseLong(newest.id())).isGreaterThan(Long.parseLong(oldest.id()));
        assertThat(newest.subject()).isEqualTo("Grüße");
        assertThat(newest.from()).isEqualTo("Jürgen <juergen@example.org>");
        assertThat(oldest.subject()).isEqualTo("first");
        assertThat(oldest.from()).isEqualTo("Alice <alice@example.org>");
        assertThat(oldest.to()).containsExactly("Bob <bob@example.org>", "carol@example.org");
        assertThat(oldest.date()).contains(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(oldest.contentType()).isEqualTo("text/plain; charset=utf-8");
        // GreenMail's RFC822.SIZE counts the body only; a real server counts the whole message.
        assertThat(oldest.size()).isPositive();
    }

    @Test
    void summariesSurviveMissingHeaders() throws MailException {
        byte[] bare = "Message-ID: <bare@example.org>\r\n\r\nno headers to speak of\r\n".getBytes(StandardCharsets.US_ASCII);
        mailToBob(bare);

        MailSummary summary = bob.list().get(0);

        assertThat(summary.from()).isEmpty();
        assertThat(summary.to()).isEmpty();
        assertThat(summary.subject()).isEmpty();
        assertThat(summary.date()).isEmpty();
        assertThat(summary.contentType()).isEqualTo("text/plain");
    }

    @Test
    void fetchReturnsTheStoredBytesAndLeavesTheMessageUnread() throws Exception {
        byte[] sent = TestMail.message("alice@example.org", BOB, "raw bytes", "X-Folded: a long\r\n\tcontinued value\r\n", "body line\r\n.dot line");
        mailToBob(sent);
        String id = bob.list().get(0).id();

        byte[] fetched = bob.fetch(id);

        assertThat(TestMail.sameExceptFinalLineEnd(TestMail.withoutTrace(fetched), sent)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getFlags().contains(jakarta.mail.Flags.Flag.SEEN)).isFalse();
    }

    @Test
    void deleteRemovesOnlyThatMessage() throws MailException {
        mailToBob(TestMail.message("alice@example.org", BOB, "keep", "", "1"));
        mailToBob(TestMail.message("alice@example.org", BOB, "drop", "", "2"));
        String drop = bob.list().get(0).id();

        bob.delete(drop);

        assertThat(bob.list()).extracting(MailSummary::subject).containsExactly("keep");
        assertThatThrownBy(() -> bob.fetch(drop)).isInstanceOf(MailException.class)
                .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> bob.delete(drop)).isInstanceOf(MailException.class)
                .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void unknownIdsAreNotFound() throws MailException {
        mailToBob(TestMail.message("alice@example.org", BOB, "only", "", "1"));

        for (String id : List.of("999", "0", "-1", "abc", "", "99999999999")) {
            assertThatThrownBy(() -> bob.fetch(id)).as(id).isInstanceOf(MailException.class)
                    .hasMessageContaining("no message with id " + id + " in INBOX at imap://127.0.0.1:" + greenMail.getImap().getPort())
                    .satisfies(e -> assertThat(((MailException) e).kind()).isEqualTo(Kind.NOT_FOUND));
        }
    }

    @Test
    void repeatedCallsOnOneClientSeeTheCurrentInbox() throws MailException {
        for (int i = 1; i <= 5; i++) {
            mailToBob(TestMail.message("alice@example.org", BOB, "mail " + i, "", "n"));
            assertThat(bob.list()).hasSize(i);
        }
        for (MailSummary s : bob.list()) {
            assertThat(new String(bob.fetch(s.id()), StandardCharsets.UTF_8)).contains("Subject: " + s.subject());
            bob.delete(s.id());
        }
        assertThat(bob.list()).isEmpty();
    }

    @Test
    void awaitFindsAMailThatArrivesLater() throws Exception {
        mailToBob(TestMail.message("alice@example.org", BOB, "decoy", "Sealpost-Challenge-Id: ch-42-extra\r\n", "not this"));
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(700);
                mailToBob(TestMail.message("service@example.org", BOB, "SEALPOST: challenge", "Sealpost-Challenge-Id: ch-42\r\n", "answer me"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Optional<FoundMail> found = bob.await("Sealpost-Challenge-Id", "ch-42", Duration.ofSeconds(10));

        later.get(10, TimeUnit.SECONDS);
        assertThat(found).isPresent();
        assertThat(found.get().subject()).isEqualTo("SEALPOST: challenge");
        assertThat(new String(bob.fetch(found.get().id()), StandardCharsets.UTF_8)).contains("answer me");
    }

    @Test
    void awaitGivesUpAfterTheTimeout() throws MailException {
        mailToBob(TestMail.message("alice@example.org", BOB, "decoy", "Sealpost-Challenge-Id: ch-7x\r\n", "near miss"));
        long start = System.nanoTime();

        Optional<FoundMail> found = bob.await("Sealpost-Challenge-Id", "ch-7", Duration.ofMillis(800));

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(found).isEmpty();
        assertThat(elapsedMillis).isBetween(700L, 5_000L);
        assertThat(bob.await("Sealpost-Challenge-Id", "ch-7x", Duration.ZERO)).map(FoundMail::subject).contains("decoy");
    }

    @Test
    void awaitRejectsABadHeaderName() {
        assertThatThrownBy(() -> bob.await("Bad: name", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a mail header name");
    }
}
