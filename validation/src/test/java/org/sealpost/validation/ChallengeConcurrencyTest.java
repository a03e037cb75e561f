package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.validation.AnswerResult.Validated;
import org.sealpost.validation.IssueResult.Issued;

/**
 * Several API nodes (here: threads with separate services over one database) acting at once: the
 * limits and single use hold because the database serializes them, not because of any memory.
 */
class ChallengeConcurrencyTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ALICE = "alice@example.org";
    private static final Device DEVICE = Device.ec("secp256r1");
    private static final int THREADS = 8;

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @ParameterizedTest
    @MethodSource(BOTH)
    void concurrentRequestsCannotOverrunTheAddressLimit(TestDatabase testDb) throws Exception {
        ValidationRig rig = ValidationRig.over(testDb.open(), MAIL, ValidationSettings.defaults());
        List<IssueResult> results = all(i -> () -> rig.at(START).issue(new ChallengeRequest(ALICE, DEVICE.accountKey(), "192.0.2." + i)));
        assertThat(results).filteredOn(Issued.class::isInstance).hasSize(5);
        assertThat(results).filteredOn(Refused.class::isInstance).hasSize(THREADS - 5)
                .allSatisfy(r -> assertThat(((Refused) r).reason()).isInstanceOf(Refusal.RateLimited.class));
        assertThat(TestMailbox.takeChallenges(MAIL, ALICE)).hasSize(5);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void ofConcurrentRightAnswersExactlyOneValidates(TestDatabase testDb) throws Exception {
        ValidationRig rig = ValidationRig.over(testDb.open(), MAIL, ValidationSettings.defaults());
        Issued issued = (Issued) rig.at(START).issue(new ChallengeRequest(ALICE, DEVICE.accountKey(), "192.0.2.1"));
        String right = DEVICE.answer(TestMailbox.takeChallenge(MAIL, ALICE, issued.challengeId()).mailPart(), issued.httpsPart());
        List<AnswerResult> results = all(i -> () -> rig.at(START).answer(
                new ChallengeAnswer(issued.challengeId(), ALICE, DEVICE.accountKey(), right, "192.0.2." + i)));
        assertThat(results).filteredOn(Validated.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(r -> r.equals(new Refused(new Refusal.Used()))).hasSize(THREADS - 1);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void concurrentWrongAnswersAreCountedExactly(TestDatabase testDb) throws Exception {
        ValidationRig rig = ValidationRig.over(testDb.open(), MAIL, ValidationSettings.defaults());
        Issued issued = (Issued) rig.at(START).issue(new ChallengeRequest(ALICE, DEVICE.accountKey(), "192.0.2.1"));
        String wrong = DEVICE.answer("not the mail part", issued.httpsPart());
        List<AnswerResult> results = all(i -> () -> rig.at(START).answer(
                new ChallengeAnswer(issued.challengeId(), ALICE, DEVICE.accountKey(), wrong, "192.0.2." + i)));
        assertThat(results).containsOnlyOnce(new Refused(new Refusal.WrongAnswer(2)), new Refused(new Refusal.WrongAnswer(1)),
                new Refused(new Refusal.WrongAnswer(0)));
        assertThat(results).filteredOn(r -> r.equals(new Refused(new Refusal.Exhausted()))).hasSize(THREADS - 3);
    }

    /** Runs THREADS tasks released at the same moment and returns their results. */
    private static <T> List<T> all(IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
