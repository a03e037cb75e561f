package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyRepository;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.enroll.EnrollmentServer.Response;
import org.sealpost.server.testing.RunningVaults;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * Enrollment end to end: the server as configured by an operator, GreenMail as its relay and as the
 * user's mailbox, and devices that read the challenge mail, answer, send a Bouncy Castle CSR and then
 * call the device API with their tokens.
 */
class EnrollmentApiTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(BOTH)
    void twoDevicesShareTheEncryptionKeyAndARemovedDeviceIsRefused(TestDatabase testDb) throws Exception {
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            TestDevice laptop = TestDevice.ec();
            TestDevice phone = TestDevice.rsa(2048);
            TestDevice bobsPhone = TestDevice.ec();

            JsonNode first = api.enroll(ALICE, laptop, "laptop");
            JsonNode device = first.path("device");
            assertThat(device.path("name").asText()).isEqualTo("laptop");
            assertThat(device.path("address").asText()).isEqualTo(ALICE);
            assertThat(device.path("level").asText()).isEqualTo("V1");
            assertThat(device.path("id").asText()).hasSize(22);
            X509Certificate signing = laptop.certificate();
            assertThat(signing.getPublicKey()).isEqualTo(laptop.keys().getPublic());
            assertThat(signing.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(signing.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly(ALICE);
            List<X509Certificate> chain = List.of(TestDevice.parse(first.path("chain").get(0).asText()),
                    TestDevice.parse(first.path("chain").get(1).asText()));
            signing.verify(chain.get(0).getPublicKey());
            chain.get(0).verify(chain.get(1).getPublicKey());
            X509Certificate encryption = TestDevice.parse(first.path("encryptionCertificate").asText());
            encryption.verify(chain.get(0).getPublicKey());
            assertThat(encryption.getKeyUsage()[2]).as("keyEncipherment (RSA key by default)").isTrue();
            assertThat(encryption.getKeyUsage()[0]).as("no digitalSignature").isFalse();

            JsonNode second = api.enroll(ALICE, phone, "phone");
            assertThat(second.path("encryptionCertificate").asText()).as("one encryption certificate per address")
                    .isEqualTo(first.path("encryptionCertificate").asText());
            assertThat(phone.certificate().getSerialNumber()).isNotEqualTo(signing.getSerialNumber());
            assertThat(second.path("device").path("id").asText()).isNotEqualTo(device.path("id").asText());
            Database db = testDb.open();
            List<KeyRecord> keys = db.inTransaction(c -> new KeyRepository().history(c, ALICE));
            assertThat(keys).hasSize(1);
            assertThat(encryption.getPublicKey().getEncoded()).isEqualTo(keys.getFirst().publicKey());

            api.enroll(BOB, bobsPhone, "bob's phone");

            JsonNode listed = api.get("/v1/devices", laptop).expect(200).json();
            assertThat(listed.path("address").asText()).isEqualTo(ALICE);
            assertThat(listed.path("devices")).extracting(d -> d.path("name").asText()).containsExactly("laptop", "phone");
            assertThat(listed.path("devices")).extracting(d -> d.path("current").asBoolean()).containsExactly(true, false);
            assertThat(api.get("/v1/devices", bobsPhone).expect(200).json().path("devices"))
                    .extracting(d -> d.path("name").asText()).containsExactly("bob's phone");

            // Bob can neither see nor remove Alice's devices: her laptop is "not found" for him.
            String laptopId = device.path("id").asText();
            assertThat(api.delete("/v1/devices/" + laptopId, bobsPhone).expect(404).error()).isEqualTo("not_found");
            api.get("/v1/devices", laptop).expect(200);

            // The laptop is lost: the phone removes it.
            JsonNode removed = api.delete("/v1/devices/" + laptopId + "?reason=keyCompromise", phone).expect(200).json();
            assertThat(removed.path("device").path("revokedAt").isTextual()).isTrue();
            Response refused = api.get("/v1/devices", laptop).expect(401);
            assertThat(refused.error()).isEqualTo("revoked_certificate");
            JsonNode after = api.get("/v1/devices", phone).expect(200).json();
            assertThat(after.path("devices").get(0).path("revokedAt").isTextual()).isTrue();
            assertThat(after.path("devices").get(1).path("revokedAt").isNull()).isTrue();
            StoredCertificate record = api.server().ca().records().find(signing.getSerialNumber()).orElseThrow();
            assertThat(record.revocation()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("keyCompromise"));
            assertThat(api.server().devices().find(signing.getSerialNumber())).hasValueSatisfying(d -> assertThat(d.revoked()).isTrue());
            // Removing it again changes nothing.
            assertThat(api.delete("/v1/devices/" + laptopId, phone).expect(200).json().path("device").path("revokedAt").asText())
                    .isEqualTo(removed.path("device").path("revokedAt").asText());

            AuditLog audit = new AuditLog(db, java.time.Clock.systemUTC());
            assertThat(audit.tail(200)).extracting(AuditRecord::action).contains("device.enroll", "device.revoke", "ca.revoke");
            assertThat(audit.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void twoDevicesEnrollingAtOnceGetOneKeyAndOneEncryptionCertificate(TestDatabase testDb) throws Exception {
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            List<TestDevice> devices = List.of(TestDevice.ec(), TestDevice.ec(), TestDevice.ec());
            List<JsonNode> started = new java.util.ArrayList<>();
            for (TestDevice d : devices) {
                started.add(api.start(ALICE, d).expect(201).json());
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(devices.size());
            try {
                List<java.util.concurrent.Future<Response>> results = new java.util.ArrayList<>();
                for (int i = 0; i < devices.size(); i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        go.await();
                        return api.complete(started.get(n), devices.get(n), "device " + n);
                    }));
                }
                go.countDown();
                java.util.Set<String> encryption = new java.util.HashSet<>();
                for (var result : results) {
                    encryption.add(result.get().expect(201).json().path("encryptionCertificate").asText());
                }
                assertThat(encryption).as("every device got the same encryption certificate").hasSize(1);
            } finally {
                pool.shutdownNow();
            }
            Database db = testDb.open();
            List<KeyRecord> keys = db.inTransaction(c -> new KeyRepository().history(c, ALICE));
            assertThat(keys).hasSize(1);
            assertThat(api.server().devices().list(ALICE)).hasSize(3);
            // Certificates that lost the race were revoked as superseded; one encryption certificate stands.
            assertThat(api.server().ca().records().findByAddress(ALICE)).filteredOn(c -> c.profile().equals("encryption"))
                    .filteredOn(c -> c.revocation().isEmpty()).hasSize(1);
        }
    }

    @Test
    void badRequestsAreRefusedWithNothingStored() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            TestDevice device = TestDevice.ec();
            long certificates = api.server().ca().records().count();

            assertThat(api.post("/v1/enrollments", "{not json").expect(400).error()).isEqualTo("bad_request");
            assertThat(api.post("/v1/enrollments", "[]").expect(400).error()).isEqualTo("bad_request");
            assertThat(api.post("/v1/enrollments", "{\"address\": \"" + ALICE + "\"}").expect(400).json().path("message").asText())
                    .isEqualTo("missing field accountKey");
            ObjectNode withPrivate = (ObjectNode) EnrollmentServer.JSON.readTree(new com.nimbusds.jose.jwk.ECKey.Builder(
                    (com.nimbusds.jose.jwk.ECKey) device.jwk()).privateKey(device.keys().getPrivate()).build().toJSONString());
            Response privateKey = api.post("/v1/enrollments", EnrollmentServer.JSON.createObjectNode().put("address", ALICE)
                    .set("accountKey", withPrivate).toString()).expect(400);
            assertThat(privateKey.json().path("message").asText()).contains("public key").doesNotContain(withPrivate.path("d").asText());
            assertThat(api.start(ALICE, TestDevice.rsa(1024)).expect(400).error()).isEqualTo("invalid_request");
            assertThat(api.start("not an address", device).expect(400).error()).isEqualTo("invalid_request");
            assertThat(MAIL.getReceivedMessages()).isEmpty();

            JsonNode started = api.start(ALICE, device).expect(201).json();
            String id = started.path("enrollment").asText();
            assertThat(started.path("complete").asText()).isEqualTo("/v1/enrollments/" + id);
            String answer = device.answer(api.mailPart(ALICE, id), started.path("token").asText());
            String path = "/v1/enrollments/" + id;

            assertThat(api.post(path, "{\"answer\": ").expect(400).error()).isEqualTo("bad_request");
            assertThat(api.post(path, "{\"answer\": \"" + answer + "\", \"csr\": \"x\"}").expect(400).json().path("message").asText())
                    .isEqualTo("missing field deviceName");
            assertThat(api.complete(id, answer, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "pc")
                    .expect(400).error()).isEqualTo("bad_csr");
            assertThat(api.complete(id, answer, device.csr(), "  ").expect(400).error()).isEqualTo("invalid_request");
            assertThat(api.complete(id, answer, device.csr(), "tab\there").expect(400).error()).isEqualTo("invalid_request");
            // A CSR for another key than the account key the enrollment started with.
            assertThat(api.complete(id, answer, TestDevice.ec().csr(), "pc").expect(400).error()).isEqualTo("key_mismatch");
            // None of these used up a try or stored anything.
            assertThat(api.server().ca().records().count()).isEqualTo(certificates);
            assertThat(api.server().devices().list(ALICE)).isEmpty();

            // A wrong answer costs a try; the right one then still works, once.
            Response wrong = api.complete(id, device.answer("wrong", started.path("token").asText()), device.csr(), "pc").expect(403);
            assertThat(wrong.error()).isEqualTo("wrong_answer");
            assertThat(wrong.json().path("message").asText()).contains("2 tries remain");
            assertThat(api.server().ca().records().count()).isEqualTo(certificates);
            api.complete(id, answer, device.csr(), "pc").expect(201);
            assertThat(api.complete(id, answer, device.csr(), "pc").expect(409).error()).isEqualTo("used");
            assertThat(api.server().devices().list(ALICE)).hasSize(1);

            assertThat(api.complete("AAAAAAAAAAAAAAAAAAAAAA", answer, device.csr(), "pc").expect(404).error()).isEqualTo("unknown");
            assertThat(api.complete("../../etc", answer, device.csr(), "pc").expect(404).error()).isIn("unknown", "not_found");
        }
    }

    @Test
    void anotherAddressesChallengeAndAnExpiredOneAreRefused() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            TestDevice alice = TestDevice.ec();
            TestDevice mallory = TestDevice.ec();
            JsonNode started = api.start(ALICE, alice).expect(201).json();
            String id = started.path("enrollment").asText();
            String mailPart = api.mailPart(ALICE, id);

            // Mallory holds both token parts (she read Alice's mail and saw the HTTPS answer) but not
            // Alice's device key: neither her own CSR nor her own answer gets her a certificate for Alice.
            assertThat(api.complete(id, mallory.answer(mailPart, started.path("token").asText()), mallory.csr(), "evil")
                    .expect(400).error()).isEqualTo("key_mismatch");
            assertThat(api.server().devices().list(ALICE)).isEmpty();
            assertThat(new AuditLog(testDb.open(), java.time.Clock.systemUTC()).tail(5)).extracting(AuditRecord::action)
                    .contains("enrollment.refused");
            api.complete(started, alice, "alice's pc").expect(201);

            // Expiry: the challenge's time is moved past its end in the database.
            JsonNode late = api.start(ALICE, alice).expect(201).json();
            String lateId = late.path("enrollment").asText();
            Database db = testDb.open();
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE validation_challenge SET expires_at = issued_at WHERE challenge_id = ?")) {
                    ps.setString(1, lateId);
                    return ps.executeUpdate();
                }
            });
            assertThat(api.complete(late, alice, "again").expect(410).error()).isEqualTo("expired");
            assertThat(api.server().devices().list(ALICE)).hasSize(1);
        }
    }

    @Test
    void rateLimitsAnswer429AndAFailingRelay502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestDatabase testDb = TestDatabases.h2()) {
            Properties config = EnrollmentServer.configuration(testDb, MAIL);
            config.setProperty(ConfigKeys.VALIDATION_PER_ADDRESS, "2/1h");
            try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, config)) {
                TestDevice device = TestDevice.ec();
                api.start(ALICE, device).expect(201);
                api.start(ALICE, device).expect(201);
                Response limited = api.start(ALICE, device).expect(429);
                assertThat(limited.error()).isEqualTo("rate_limited");
                assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3601L);
                api.start(BOB, device).expect(201);
            }
            config.setProperty(ConfigKeys.MAIL_RELAY_PORT, Integer.toString(closedPort));
            try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, config)) {
                Response failed = api.start("carol@example.org", TestDevice.ec()).expect(502);
                assertThat(failed.error()).isEqualTo("mail_relay_failed");
                assertThat(failed.json().path("message").asText()).doesNotContain(Integer.toString(closedPort));
            }
        }
    }

    @Test
    void aVaultDownMidWayLeavesNoDeviceAndRevokesItsSigningCertificate() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2(); RunningVaults vaults = new RunningVaults(dir.resolve("vaults")).start("a", "b")) {
            Properties config = vaults.configure(EnrollmentServer.configuration(testDb, MAIL));
            config.setProperty("kms.vault.b.timeout", "5s");
            try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, config, vaults.environment())) {
                TestDevice device = TestDevice.ec();
                JsonNode started = api.start(ALICE, device).expect(201).json();
                vaults.stop("b");
                Response failed = api.complete(started, device, "pc").expect(503);
                assertThat(failed.error()).isEqualTo("keys_unavailable");
                assertThat(api.server().devices().list(ALICE)).isEmpty();
                List<StoredCertificate> issued = api.server().ca().records().findByAddress(ALICE);
                assertThat(issued).singleElement().satisfies(c -> {
                    assertThat(c.profile()).isEqualTo("signing-v1");
                    assertThat(c.revocation()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("cessationOfOperation"));
                });

                // With the vault back, a new enrollment of the same device key succeeds.
                vaults.restart("b");
                api.enroll(ALICE, device, "pc");
                assertThat(api.server().devices().list(ALICE)).hasSize(1);
            }
        }
    }

    @Test
    void aRevokedEncryptionCertificateIsReplacedForTheNextDevice() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            X509Certificate first = TestDevice.parse(api.enroll(ALICE, TestDevice.ec(), "one").path("encryptionCertificate").asText());
            api.server().ca().revocations().revoke(first.getSerialNumber(),
                    org.sealpost.ca.revocation.RevocationReason.AFFILIATION_CHANGED, "operator:test");
            String second = api.enroll(ALICE, TestDevice.ec(), "two").path("encryptionCertificate").asText();
            X509Certificate replacement = TestDevice.parse(second);
            assertThat(replacement.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(replacement.getPublicKey()).as("the same key, certified again").isEqualTo(first.getPublicKey());
            assertThat(api.enroll(ALICE, TestDevice.ec(), "three").path("encryptionCertificate").asText()).isEqualTo(second);
        }
    }

    @Test
    void theSigningCertificateNamesOnlyTheProvenAddress() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            TestDevice device = TestDevice.ec();
            api.enroll("Alice@Example.ORG", device, "pc");
            assertThat(device.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly(ALICE);
            BigInteger serial = device.certificate().getSerialNumber();
            assertThat(api.server().devices().find(serial)).hasValueSatisfying(d -> assertThat(d.address()).isEqualTo(ALICE));
        }
    }
}
