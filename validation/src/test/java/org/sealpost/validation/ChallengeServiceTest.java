package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.ServerSocket;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.validation.AnswerResult.Validated;
import org.sealpost.validation.IssueResult.Issued;
import org.sealpost.validation.IssueResult.MailFailed;
import org.sealpost.validation.Refusal.RateLimited;
import org.sealpost.validation.TestMailbox.ChallengeMail;

/** The whole protocol on H2 and PostgreSQL: challenge → mail read over IMAP → answer, and every way it is refused. */
class ChallengeServiceTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final Device RSA = Device.rsa(2048);
    private static final Device EC = Device.ec("secp256r1");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static ValidationRig rig(TestDatabase testDb) {
        return ValidationRig.over(testDb.open(), MAIL, ValidationSettings.defaults());
    }

    private static Issued issue(ChallengeService service, String address, Device device, String client) {
        IssueResult result = service.issue(new ChallengeRequest(address, device.accountKey(), client));
        assertThat(result).isInstanceOf(Issued.class);
        return (Issued) result;
    }

    private static AnswerResult answer(ChallengeService service, Issued issued, String address, Device device, String answer) {
        return service.answer(new ChallengeAnswer(issued.challengeId(), address, device.accountKey(), answer, "192.0.2.7"));
    }

    /** Reads the mail and answers as the device would. */
    private static AnswerResult answerFromMailbox(ChallengeService service, Issued issued, String address, Device device) {
        ChallengeMail mail = TestMailbox.takeChallenge(MAIL, address, issued.challengeId());
        return answer(service, issued, address, device, device.answer(mail.mailPart(), issued.httpsPart()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aDeviceThatReadsTheMailboxIsValidatedWithItsKey(TestDatabase testDb) throws SQLException {
        ValidationRig rig = rig(testDb);
        ChallengeService service = rig.at(START);
        Issued alice = issue(service, " Alice@Example.ORG ", RSA, "192.0.2.7");
        Issued bob = issue(service, BOB, EC, "192.0.2.8");
        assertThat(alice.address()).isEqualTo(ALICE);
        assertThat(alice.expiresAt()).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(alice.httpsPart()).matches("[A-Za-z0-9_-]{22}");
        assertThat(alice.toString()).doesNotContain(alice.httpsPart());

        ChallengeMail mail = TestMailbox.takeChallenge(MAIL, ALICE, alice.challengeId());
        assertThat(mail.mailPart()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(alice.httpsPart());
        assertThat(mail.headers()).containsEntry("Auto-Submitted", "auto-generated")
                .containsEntry("From", ValidationRig.SENDER)
                .containsEntry("To", ALICE)
                .containsKeys("Date", "Message-ID");
        assertThat(mail.headers().get("Message-ID")).matches("<[0-9a-f-]{36}@sealpost\\.test>");
        assertThat(mail.body()).contains(ALICE).contains("ignore this message");

        String rsaAnswer = RSA.answer(mail.mailPart(), alice.httpsPart());
        assertThat(answer(service, alice, ALICE, RSA, rsaAnswer))
                .isEqualTo(new Validated(ALICE, RSA.thumbprint(), alice.challengeId()));
        assertThat(answerFromMailbox(service, bob, BOB, EC)).isEqualTo(new Validated(BOB, EC.thumbprint(), bob.challengeId()));
        // The mail was taken out of the mailbox, as the client does.
        assertThat(TestMailbox.takeChallenges(MAIL, ALICE)).isEmpty();

        List<String> secrets = List.of(mail.mailPart(), alice.httpsPart(), rsaAnswer);
        assertThat(tableText(rig.db())).doesNotContain(secrets);
        List<AuditRecord> records = audit(rig.db());
        assertThat(records).extracting(AuditRecord::action, AuditRecord::subject).containsExactly(
                tuple("validation.challenge.issue", ALICE),
                tuple("validation.challenge.issue", BOB),
                tuple("validation.challenge.answer", ALICE),
                tuple("validation.challenge.answer", BOB));
        assertThat(records.get(0).details()).startsWith("result=issued challenge=" + alice.challengeId())
                .contains("client=192.0.2.7", "key=" + RSA.thumbprint());
        assertThat(records.get(2).details()).startsWith("result=validated challenge=" + alice.challengeId());
        assertThat(records).allSatisfy(r -> assertThat(r.details()).doesNotContain(secrets));
        assertThat(new AuditLog(rig.db(), Clock.systemUTC()).verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anAnswerBoundToAnotherKeyOrWithAnotherHttpsPartIsWrong(TestDatabase testDb) {
        ChallengeService service = rig(testDb).at(START);
        Issued issued = issue(service, ALICE, RSA, "192.0.2.7");
        String mailPart = TestMailbox.takeChallenge(MAIL, ALICE, issued.challengeId()).mailPart();

        // Another device that got hold of both parts still cannot answer for its own key.
        assertThat(answer(service, issued, ALICE, EC, EC.answer(mailPart, issued.httpsPart())))
                .isEqualTo(new Refused(new Refusal.WrongAnswer(2)));
        // The right digest presented with another key.
        assertThat(answer(service, issued, ALICE, EC, RSA.answer(mailPart, issued.httpsPart())))
                .isEqualTo(new Refused(new Refusal.WrongAnswer(1)));
        // The mail alone is not enough.
        String guessedHttpsPart = new RandomTokens(new SecureRandom()).next();
        assertThat(answer(service, issued, ALICE, RSA, RSA.answer(mailPart, guessedHttpsPart)))
                .isEqualTo(new Refused(new Refusal.WrongAnswer(0)));
        // Three wrong answers: dead, even for the right one.
        assertThat(answer(service, issued, ALICE, RSA, RSA.answer(mailPart, issued.httpsPart())))
                .isEqualTo(new Refused(new Refusal.Exhausted()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void wrongAnswersThatAreNotEvenDigestsCountToo(TestDatabase testDb) {
        ValidationRig rig = rig(testDb);
        ChallengeService service = rig.at(START);
        Issued issued = issue(service, ALICE, RSA, "192.0.2.7");
        String mailPart = TestMailbox.takeChallenge(MAIL, ALICE, issued.challengeId()).mailPart();
        assertThat(answer(service, issued, ALICE, RSA, "not base64url!")).isEqualTo(new Refused(new Refusal.WrongAnswer(2)));
        assertThat(answer(service, issued, ALICE, RSA, null)).isEqualTo(new Refused(new Refusal.WrongAnswer(1)));
        // A try left: the right answer still works.
        assertThat(answer(service, issued, ALICE, RSA, RSA.answer(mailPart, issued.httpsPart()))).isInstanceOf(Validated.class);
        assertThat(audit(rig.db())).extracting(AuditRecord::details).filteredOn(d -> d.startsWith("result=wrong-answer"))
                .hasSize(2).allSatisfy(d -> assertThat(d).doesNotContain(mailPart, issued.httpsPart()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anotherAddresssChallengeDoesNotValidateThisAddress(TestDatabase testDb) {
        ChallengeService service = rig(testDb).at(START);
        Issued forBob = issue(service, BOB, RSA, "192.0.2.7");
        String bobsMailPart = TestMailbox.takeChallenge(MAIL, BOB, forBob.challengeId()).mailPart();
        // Bob's challenge, answered right, but claimed for Alice.
        assertThat(answer(service, forBob, ALICE, RSA, RSA.answer(bobsMailPart, forBob.httpsPart())))
                .isEqualTo(new Refused(new Refusal.WrongAnswer(2)));
        // Alice's challenge answered with Bob's mail part.
        Issued forAlice = issue(service, ALICE, RSA, "192.0.2.7");
        assertThat(answer(service, forAlice, ALICE, RSA, RSA.answer(bobsMailPart, forAlice.httpsPart())))
                .isEqualTo(new Refused(new Refusal.WrongAnswer(2)));
        assertThat(answerFromMailbox(service, forAlice, ALICE, RSA)).isInstanceOf(Validated.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aChallengeIsGoodForOneAnswerWithinItsLifetime(TestDatabase testDb) {
        ValidationRig rig = rig(testDb);
        Issued issued = issue(rig.at(START), ALICE, RSA, "192.0.2.7");
        String right = RSA.answer(TestMailbox.takeChallenge(MAIL, ALICE, issued.challengeId()).mailPart(), issued.httpsPart());

        assertThat(answer(rig.at(START.plus(Duration.ofHours(24))), issued, ALICE, RSA, right)).isEqualTo(new Refused(new Refusal.Expired()));
        assertThat(answer(rig.at(START.plus(Duration.ofDays(30))), issued, ALICE, RSA, right)).isEqualTo(new Refused(new Refusal.Expired()));
        ChallengeService lastMinute = rig.at(START.plus(Duration.ofHours(24)).minusSeconds(1));
        assertThat(answer(lastMinute, issued, ALICE, RSA, right)).isInstanceOf(Validated.class);
        assertThat(answer(lastMinute, issued, ALICE, RSA, right)).isEqualTo(new Refused(new Refusal.Used()));
        assertThat(answer(rig.at(START.plus(Duration.ofHours(25))), issued, ALICE, RSA, right)).isEqualTo(new Refused(new Refusal.Used()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void unknownAndMalformedChallengeIdsAreUnknown(TestDatabase testDb) {
        ValidationRig rig = rig(testDb);
        ChallengeService service = rig.at(START);
        Issued real = issue(service, ALICE, RSA, "192.0.2.7");
        String right = RSA.answer(TestMailbox.takeChallenge(MAIL, ALICE, real.challengeId()).mailPart(), real.httpsPart());
        assertThat(service.subjectOf(real.challengeId())).contains(new ChallengeSubject(ALICE, RSA.thumbprint()));
        for (String id : new String[] {new RandomTokens(new SecureRandom()).next(), "", null, "x".repeat(5000), "'; DROP TABLE x;--"}) {
            assertThat(service.subjectOf(id)).isEmpty();
            assertThat(service.answer(new ChallengeAnswer(id, ALICE, RSA.accountKey(), right, "192.0.2.7")))
                    .isEqualTo(new Refused(new Refusal.Unknown()));
        }
        assertThat(audit(rig.db())).extracting(AuditRecord::details).filteredOn(d -> d.startsWith("result=unknown")).hasSize(5)
                .allSatisfy(d -> assertThat(d).doesNotContain("DROP", "xxxxx"));
        // The real challenge was not touched by any of it.
        assertThat(answer(service, real, ALICE, RSA, right)).isInstanceOf(Validated.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void badRequestsAreRefusedAndNothingIsStoredOrSent(TestDatabase testDb) throws SQLException {
        ValidationRig rig = rig(testDb);
        ChallengeService service = rig.at(START);
        record Case(String address, PublicKey key, String client, String field) {
        }
        List<Case> cases = List.of(
                new Case("alice", RSA.accountKey(), "192.0.2.7", "address"),
                new Case("Alice <alice@example.org>", RSA.accountKey(), "192.0.2.7", "address"),
                new Case("a b@example.org", RSA.accountKey(), "192.0.2.7", "address"),
                new Case("\"quoted\"@example.org", RSA.accountKey(), "192.0.2.7", "address"),
                new Case("a@" + "x".repeat(400) + ".org", RSA.accountKey(), "192.0.2.7", "address"),
                new Case(null, RSA.accountKey(), "192.0.2.7", "address"),
                new Case(ALICE, Device.rsa(1024).accountKey(), "192.0.2.7", "accountKey"),
                new Case(ALICE, null, "192.0.2.7", "accountKey"),
                new Case(ALICE, RSA.accountKey(), "", "clientId"),
                new Case(ALICE, RSA.accountKey(), "has space", "clientId"),
                new Case(ALICE, RSA.accountKey(), "c".repeat(201), "clientId"));
        for (Case c : cases) {
            IssueResult result = service.issue(new ChallengeRequest(c.address(), c.key(), c.client()));
            assertThat(result).as(c.toString()).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                    .isInstanceOfSatisfying(Refusal.InvalidRequest.class, bad -> {
                        assertThat(bad.field()).isEqualTo(c.field());
                        assertThat(bad.message()).isNotBlank();
                    }));
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
        assertThat(count(rig.db(), "validation_challenge")).isZero();
        assertThat(audit(rig.db())).hasSize(cases.size())
                .allSatisfy(r -> assertThat(r.details()).startsWith("result=invalid-request field="));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anAddressGetsFiveChallengesAnHourAndIsToldWhenToRetry(TestDatabase testDb) {
        ValidationRig rig = rig(testDb);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant t = START.plus(Duration.ofMinutes(10L * i));
            times.add(t);
            // Different clients and keys: the address limit holds whoever asks.
            issue(rig.at(t), i % 2 == 0 ? "Alice@example.org" : ALICE, i % 2 == 0 ? RSA : EC, "192.0.2." + i);
        }
        Instant sixth = START.plus(Duration.ofMinutes(45));
        assertThat(rig.at(sixth).issue(new ChallengeRequest(ALICE, RSA.accountKey(), "192.0.2.99")))
                .isEqualTo(new Refused(new RateLimited(RateLimited.Scope.ADDRESS, times.get(0).plus(Duration.ofHours(1)))));
        // Other addresses are not affected.
        issue(rig.at(sixth), BOB, RSA, "192.0.2.99");
        // When the oldest leaves the window there is room for one more, then the next retry time follows.
        Instant later = START.plus(Duration.ofHours(1));
        issue(rig.at(later), ALICE, RSA, "192.0.2.99");
        assertThat(rig.at(later).issue(new ChallengeRequest(ALICE, RSA.accountKey(), "192.0.2.99")))
                .isEqualTo(new Refused(new RateLimited(RateLimited.Scope.ADDRESS, times.get(1).plus(Duration.ofHours(1)))));
        assertThat(audit(rig.db())).extracting(AuditRecord::details).filteredOn(d -> d.startsWith("result=rate-limited scope=address"))
                .hasSize(2);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aClientGetsItsOwnLimitAcrossAddresses(TestDatabase testDb) {
        ValidationSettings settings = new ValidationSettings(Duration.ofHours(24), 3,
                new RateLimit(5, Duration.ofHours(1)), new RateLimit(3, Duration.ofMinutes(30)));
        ValidationRig rig = ValidationRig.over(testDb.open(), MAIL, settings);
        for (int i = 0; i < 3; i++) {
            issue(rig.at(START.plusSeconds(i)), "user" + i + "@example.org", RSA, "api:mobile");
        }
        assertThat(rig.at(START.plusSeconds(60)).issue(new ChallengeRequest("user9@example.org", RSA.accountKey(), "api:mobile")))
                .isEqualTo(new Refused(new RateLimited(RateLimited.Scope.CLIENT, START.plus(Duration.ofMinutes(30)))));
        issue(rig.at(START.plusSeconds(60)), "user9@example.org", RSA, "api:desktop");
        issue(rig.at(START.plus(Duration.ofMinutes(30))), "user9@example.org", RSA, "api:mobile");
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void whenTheRelayIsDownNothingIsStoredAndTheErrorNamesTheRelay(TestDatabase testDb) throws Exception {
        ValidationRig rig = rig(testDb);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ValidationRig down = rig.withSmtp(SmtpSettings.of("127.0.0.1", closedPort, SmtpSecurity.STARTTLS_OPTIONAL, ValidationRig.SENDER));
        for (int i = 0; i < 6; i++) {
            IssueResult result = down.at(START).issue(new ChallengeRequest(ALICE, RSA.accountKey(), "192.0.2.7"));
            assertThat(result).isInstanceOfSatisfying(MailFailed.class, failed ->
                    assertThat(failed.reason()).contains("127.0.0.1:" + closedPort).containsIgnoringCase("connection refused"));
        }
        assertThat(count(rig.db(), "validation_challenge")).isZero();
        assertThat(audit(rig.db())).hasSize(6).allSatisfy(r -> assertThat(r.details()).startsWith("result=mail-failed challenge="));
        // Failed sends do not use up the rate limit: once the relay is back, the address gets its challenge.
        assertThat(answerFromMailbox(rig.at(START), issue(rig.at(START), ALICE, RSA, "192.0.2.7"), ALICE, RSA)).isInstanceOf(Validated.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void purgeDeletesChallengesPastTheirLifetimeAndTheRateWindows(TestDatabase testDb) throws SQLException {
        ValidationRig rig = rig(testDb);
        issue(rig.at(START), ALICE, RSA, "192.0.2.7");
        issue(rig.at(START.plus(Duration.ofHours(2))), BOB, RSA, "192.0.2.8");
        assertThat(rig.at(START.plus(Duration.ofHours(24)).minusSeconds(1)).purge()).isZero();
        assertThat(rig.at(START.plus(Duration.ofHours(24))).purge()).isEqualTo(1);
        assertThat(count(rig.db(), "validation_challenge")).isEqualTo(1);
        assertThat(count(rig.db(), "validation_rate_lock")).isEqualTo(2);
        assertThat(rig.at(START.plus(Duration.ofHours(26))).purge()).isEqualTo(1);
        assertThat(count(rig.db(), "validation_rate_lock")).isZero();
        // The lock rows come back when needed.
        issue(rig.at(START.plus(Duration.ofHours(26))), ALICE, RSA, "192.0.2.7");
    }

    private static List<AuditRecord> audit(Database db) {
        return new AuditLog(db, Clock.systemUTC()).tail(1000);
    }

    private static long count(Database db, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every value of the challenge table as text (byte columns as base64url), to look for secrets in. */
    private static String tableText(Database db) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM validation_challenge")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    text.append(value instanceof byte[] b ? Base64.getUrlEncoder().withoutPadding().encodeToString(b) : String.valueOf(value))
                            .append('|');
                }
            }
        }
        assertThat(text).isNotEmpty();
        return text.toString();
    }
}
