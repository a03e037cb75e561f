package org.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * Device authentication against the CA's real records on H2 and PostgreSQL: acceptance, replay
 * (also across two nodes sharing the database), revocation taking effect at the next call, another
 * CA's certificates, and the purge of used tokens.
 */
class DeviceAuthenticatorTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String URL = "https://mail.example.org/v1/keys";
    private static TestCa testCa;
    private static TestCa otherCa;

    @BeforeAll
    static void cas() {
        testCa = TestCa.create(CaAlgorithm.EC);
        otherCa = TestCa.create(CaAlgorithm.EC);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void acceptsTokensOfRsaAndEcDevicesAndNamesTheDevice(TestDatabase testDb) {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        DeviceAuthenticator authenticator = ca.authenticator(Clock.systemUTC());
        for (KeyPair keys : List.of(TestKeys.RSA_2048, TestKeys.EC_P256, TestKeys.EC_P384)) {
            Device device = ca.device(keys, "Alice@Example.ORG");
            byte[] body = "{\"address\":\"alice@example.org\"}".getBytes();

            DeviceAuthResult result = authenticator.authenticate(device.authorization("POST", URL, body),
                    DeviceRequest.of("POST", URL, body));

            assertThat(result).isInstanceOfSatisfying(DeviceAuthResult.Authenticated.class, accepted -> {
                assertThat(accepted.device().address()).isEqualTo("alice@example.org");
                assertThat(accepted.device().serial()).isEqualTo(device.certificate().getSerialNumber());
                assertThat(accepted.device().certificate()).isEqualTo(device.certificate());
            });
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesAReplayedTokenAlsoOnASecondNodeSharingTheDatabase(TestDatabase testDb) {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        // A second API node: its own pool, its own CA services, the same database.
        DeviceCa otherNode = DeviceCa.open(testCa, testDb.open());
        Device device = ca.device(TestKeys.EC_P256, "bob@example.org");
        String token = device.authorization("GET", URL, null);
        DeviceRequest request = DeviceRequest.of("GET", URL, null);

        assertThat(ca.authenticator(Clock.systemUTC()).authenticate(token, request))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
        assertThat(reason(ca.authenticator(Clock.systemUTC()).authenticate(token, request))).isEqualTo(RefusalReason.REPLAYED);
        assertThat(reason(otherNode.authenticator(Clock.systemUTC()).authenticate(token, request)))
                .isEqualTo(RefusalReason.REPLAYED);

        assertThat(ca.audit().tail(2)).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo("device.auth.refused");
            assertThat(r.subject()).isEqualTo(device.certificate().getSerialNumber().toString(16));
            assertThat(r.details()).isEqualTo("reason=replayed");
        });
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void ofOneTokenSentToTwoNodesAtOnceExactlyOneUseIsAccepted(TestDatabase testDb) throws Exception {
        List<DeviceAuthenticator> nodes = List.of(
                DeviceCa.open(testCa, testDb.open()).authenticator(Clock.systemUTC()),
                DeviceCa.open(testCa, testDb.open()).authenticator(Clock.systemUTC()));
        Device device = DeviceCa.open(testCa, testDb.open()).device(TestKeys.EC_P256, "carol@example.org");
        String token = device.authorization("GET", URL, null);
        int attempts = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<DeviceAuthResult>> results = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                DeviceAuthenticator node = nodes.get(i % 2);
                Callable<DeviceAuthResult> attempt = () -> {
                    start.await();
                    return node.authenticate(token, DeviceRequest.of("GET", URL, null));
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            List<DeviceAuthResult> outcomes = new ArrayList<>();
            for (Future<DeviceAuthResult> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(r -> r instanceof DeviceAuthResult.Authenticated).hasSize(1);
            assertThat(outcomes).filteredOn(r -> r instanceof DeviceAuthResult.Refused)
                    .extracting(DeviceAuthenticatorTest::reason).containsOnly(RefusalReason.REPLAYED).hasSize(attempts - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesARevokedDeviceFromTheNextCallOnAndAuditsTheAttempt(TestDatabase testDb) {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        DeviceAuthenticator authenticator = ca.authenticator(Clock.systemUTC());
        Device device = ca.device(TestKeys.RSA_2048, "dave@example.org");
        BigInteger serial = device.certificate().getSerialNumber();
        assertThat(authenticator.authenticate(device.authorization("GET", URL, null), DeviceRequest.of("GET", URL, null)))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);

        ca.ca().revocations().revoke(serial, RevocationReason.KEY_COMPROMISE, "user:dave@example.org");

        DeviceAuthResult after = authenticator.authenticate(device.authorization("GET", URL, null),
                DeviceRequest.of("GET", URL, null));
        assertThat(after).isInstanceOfSatisfying(DeviceAuthResult.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(RefusalReason.REVOKED_CERTIFICATE);
            assertThat(refused.message()).contains(serial.toString(16)).contains("keyCompromise");
        });
        AuditRecord last = ca.audit().tail(1).get(0);
        assertThat(last.action()).isEqualTo("device.auth.refused");
        assertThat(last.actor()).isEqualTo("device:" + serial.toString(16));
        assertThat(last.details()).isEqualTo("reason=revoked_certificate");
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesEveryDeviceOnceTheIssuingCaIsRevoked(TestDatabase testDb) {
        // A CA of its own: revoking it must not touch the other tests' CA files (the records are per database anyway).
        TestCa doomed = TestCa.create(CaAlgorithm.EC);
        DeviceCa ca = DeviceCa.open(doomed, testDb.open());
        Device device = ca.device(TestKeys.EC_P256, "erin@example.org");

        ca.ca().revocations().revoke(doomed.ca().issuing().getSerialNumber(), RevocationReason.CA_COMPROMISE, "test");

        DeviceAuthResult result = ca.authenticator(Clock.systemUTC())
                .authenticate(device.authorization("GET", URL, null), DeviceRequest.of("GET", URL, null));
        assertThat(result).isInstanceOfSatisfying(DeviceAuthResult.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(RefusalReason.REVOKED_CERTIFICATE);
            assertThat(refused.message()).contains("the CA that issued");
        });
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesACertificateOfAnotherCaEvenWhenItsSerialIsInTheRecords(TestDatabase testDb) throws Exception {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        Database otherDb = testDb.open();
        CaServices other = CaServices.open(otherCa.ca(), otherDb, new AuditLog(otherDb, Clock.systemUTC()),
                CaPolicy.defaults(), new SecureRandom(), Clock.systemUTC());
        // The other CA records into the same database here: its certificate is "known" by serial, yet not ours.
        Device stranger = new DeviceCa(other, otherDb, ca.audit()).device(TestKeys.EC_P256, "frank@example.org");
        DeviceAuthenticator authenticator = ca.authenticator(Clock.systemUTC());

        DeviceAuthResult result = authenticator.authenticate(stranger.authorization("GET", URL, null),
                DeviceRequest.of("GET", URL, null));

        assertThat(reason(result)).isEqualTo(RefusalReason.UNKNOWN_CERTIFICATE);
        assertThat(((DeviceAuthResult.Refused) result).message()).contains("issuing CA");
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void refusesACertificateSignedByOurCaButNotInItsRecords(TestDatabase testDb) throws Exception {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        // Signed by the issuing CA's key but never recorded: the records, not the signature alone, decide.
        Device unrecorded = new Device(TestKeys.EC_P256, testCa.authority().issue(IssuanceRequest.forKey(
                TestKeys.EC_P256.getPublic(), "signing-v1").withEmails(List.of("grace@example.org"))).certificate());

        DeviceAuthResult result = ca.authenticator(Clock.systemUTC())
                .authenticate(unrecorded.authorization("GET", URL, null), DeviceRequest.of("GET", URL, null));

        assertThat(reason(result)).isEqualTo(RefusalReason.UNKNOWN_CERTIFICATE);
        assertThat(((DeviceAuthResult.Refused) result).message()).contains("not in this service's records");
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void purgeForgetsOnlyExpiredTokensAndAPurgedTokenStaysRefused(TestDatabase testDb) {
        DeviceCa ca = DeviceCa.open(testCa, testDb.open());
        Device device = ca.device(TestKeys.EC_P256, "heidi@example.org");
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC); // after issuance: the certificate is valid from its second on
        DeviceTokenSigner signer = device.signer(clock);
        String old = signer.token("GET", URL, null);
        String current = new DeviceTokenSigner(device.keys().getPrivate(), device.certificate(),
                Clock.offset(clock, Duration.ofMinutes(3)), new SecureRandom(), Duration.ofMinutes(1)).token("GET", URL, null);
        DeviceRequest request = DeviceRequest.of("GET", URL, null);
        assertThat(ca.authenticator(clock).authenticate("Sealpost " + old, request))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
        Clock later = Clock.offset(clock, Duration.ofMinutes(3));
        assertThat(ca.authenticator(later).authenticate("Sealpost " + current, request))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);

        // Three minutes on, the first token (exp + 30 s skew, kept another 30 s) is forgotten, the second is not.
        assertThat(ca.authenticator(later).purgeExpiredTokens()).isEqualTo(1);
        assertThat(ca.authenticator(later).purgeExpiredTokens()).isZero();

        assertThat(reason(ca.authenticator(later).authenticate("Sealpost " + old, request)))
                .isEqualTo(RefusalReason.EXPIRED_TOKEN);
        assertThat(reason(ca.authenticator(later).authenticate("Sealpost " + current, request)))
                .isEqualTo(RefusalReason.REPLAYED);
    }

    @Test
    void aFailingDatabaseIsTheServicesErrorButAForgeryNeverReachesIt() {
        try (TestDatabase testDb = TestDatabases.h2()) {
            Database db = testDb.open();
            DeviceCa ca = DeviceCa.open(testCa, db);
            Device device = ca.device(TestKeys.EC_P256, "ivan@example.org");
            DeviceAuthenticator authenticator = ca.authenticator(Clock.systemUTC());
            db.close();

            assertThat(reason(authenticator.authenticate("Sealpost a.b.c", DeviceRequest.of("GET", URL, null))))
                    .isEqualTo(RefusalReason.MALFORMED);
            String wrongUrl = device.authorization("GET", URL + "/other", null);
            assertThat(reason(authenticator.authenticate(wrongUrl, DeviceRequest.of("GET", URL, null))))
                    .isEqualTo(RefusalReason.WRONG_REQUEST);
            assertThatThrownBy(() -> authenticator.authenticate(device.authorization("GET", URL, null),
                    DeviceRequest.of("GET", URL, null))).isInstanceOf(StorageException.class);
        }
    }

    static RefusalReason reason(DeviceAuthResult result) {
        assertThat(result).isInstanceOf(DeviceAuthResult.Refused.class);
        return ((DeviceAuthResult.Refused) result).reason();
    }
}
