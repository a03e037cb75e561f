package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.keys.api.KeyRoutes;
import org.sealpost.storage.Database;
import org.sealpost.storage.testing.TestDatabase;

/**
 * {@code GET /v1/keys/certificates} after real enrollments and a real encryption rotation: the
 * certificate enrollment handed out is listed, and after the rotation the old key's certificate stays
 * listed beside the new one, newest first, for every device of the address and no other.
 */
class EncryptionCertificateHistoryApiTest {
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void enrolledDevicesGetTheirAddresssEncryptionCertificatesAcrossARotation(TestDatabase testDb) throws Exception {
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            Database db = testDb.open();
            TestDevice laptop = TestDevice.ec();
            X509Certificate first = TestDevice.parse(api.enroll(ALICE, laptop, "laptop").path("encryptionCertificate").asText());
            TestDevice bobsPhone = TestDevice.ec();
            X509Certificate bobs = TestDevice.parse(api.enroll(BOB, bobsPhone, "phone").path("encryptionCertificate").asText());

            JsonNode before = api.get(KeyRoutes.CERTIFICATES, laptop).expect(200).json();
            assertThat(before.path("address").asText()).isEqualTo(ALICE);
            assertThat(serials(before)).containsExactly(hex(first));
            assertThat(TestDevice.parse(before.path("certificates").get(0).path("pem").asText())).isEqualTo(first);

            Clock nearTheEnd = Clock.fixed(first.getNotAfter().toInstant().minus(Duration.ofDays(10)), ZoneOffset.UTC);
            assertThat(new EncryptionRotation(db, api.server().ca(), api.server().keys(), KeySpec.DEFAULT,
                    new EncryptionCertificates(db, api.server().ca(), api.server().directory(), nearTheEnd), nearTheEnd)
                    .rotateExpiring()).as("alice's and bob's keys rotated").isEqualTo(2);
            TestDevice phone = TestDevice.ec();
            X509Certificate renewed = TestDevice.parse(api.enroll(ALICE, phone, "phone").path("encryptionCertificate").asText());
            assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());

            // Issued at the CA's (real) time, possibly in the same second as the first: then the later issuance comes first.
            assertThat(renewed.getNotBefore().toInstant()).isAfterOrEqualTo(first.getNotBefore().toInstant());
            JsonNode after = api.get(KeyRoutes.CERTIFICATES, phone).expect(200).json();
            assertThat(serials(after)).containsExactly(hex(renewed), hex(first));
            assertThat(serials(api.get(KeyRoutes.CERTIFICATES, laptop).expect(200).json())).isEqualTo(serials(after));
            assertThat(serials(after)).as("no device's signing certificate, no other address's certificate")
                    .doesNotContain(hex(laptop.certificate()), hex(phone.certificate()), hex(bobs));
            List<String> bobsList = serials(api.get(KeyRoutes.CERTIFICATES, bobsPhone).expect(200).json());
            assertThat(bobsList).hasSize(2).contains(hex(bobs)).doesNotContain(hex(first), hex(renewed));
        }
    }

    private static List<String> serials(JsonNode answer) {
        List<String> serials = new ArrayList<>();
        answer.path("certificates").forEach(c -> serials.add(c.path("serialNumber").asText()));
        return serials;
    }

    private static String hex(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
