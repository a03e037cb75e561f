package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyRepository;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.server.SealpostServer;
import org.sealpost.storage.Database;
import org.sealpost.storage.testing.TestDatabase;

/** The scheduled renewal of encryption certificates by key rotation, run at a time near the certificate's end. */
class EncryptionRotationTest {
    private static final String ALICE = "alice@example.org";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    private static EncryptionRotation rotationAt(Database db, SealpostServer server, Clock clock) {
        return new EncryptionRotation(db, server.ca(), server.keys(), KeySpec.DEFAULT,
                new EncryptionCertificates(db, server.ca(), server.directory(), clock), clock);
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void anExpiringEncryptionCertificateIsRenewedWithANewKeyAndTheOldKeyIsStillReleased(TestDatabase testDb) throws Exception {
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            Database db = testDb.open();
            X509Certificate first = TestDevice.parse(api.enroll(ALICE, TestDevice.ec(), "laptop").path("encryptionCertificate").asText());
            KeyRecord oldKey = db.inTransaction(c -> new KeyRepository().history(c, ALICE)).getFirst();

            assertThat(rotationAt(db, api.server(), Clock.systemUTC()).rotateExpiring()).as("nothing expires yet").isZero();
            Clock nearTheEnd = Clock.fixed(first.getNotAfter().toInstant().minus(Duration.ofDays(10)), ZoneOffset.UTC);
            assertThat(rotationAt(db, api.server(), nearTheEnd).rotateExpiring()).isEqualTo(1);
            assertThat(rotationAt(db, api.server(), Clock.systemUTC()).rotateExpiring()).as("done once").isZero();

            List<KeyRecord> history = db.inTransaction(c -> new KeyRepository().history(c, ALICE));
            assertThat(history).hasSize(2);
            KeyRecord newKey = history.stream().filter(k -> k.status() == KeyStatus.ACTIVE).findFirst().orElseThrow();
            assertThat(newKey.keyId()).isNotEqualTo(oldKey.keyId());

            // The next device gets the new certificate, for the new key.
            JsonNode phone = api.enroll(ALICE, TestDevice.ec(), "phone");
            X509Certificate renewed = TestDevice.parse(phone.path("encryptionCertificate").asText());
            assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(renewed.getPublicKey().getEncoded()).isEqualTo(newKey.publicKey());
            assertThat(api.server().ca().records().find(renewed.getSerialNumber())).isPresent();

            // Old mail stays readable: a release carries both keys, newest first.
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair transport = g.generateKeyPair();
            assertThat(api.server().keys().releaseUnaudited(ALICE, transport.getPublic()).keyIds())
                    .containsExactly(newKey.keyId(), oldKey.keyId());
        }
    }
}
