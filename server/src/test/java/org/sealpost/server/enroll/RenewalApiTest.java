package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** {@code POST /v1/devices/renewal}: a device renews its signing certificate for a new key. */
class RenewalApiTest {
    private static final String ALICE = "alice@example.org";
    private static final String RENEWAL = "/v1/devices/renewal";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    /** A window longer than any certificate's life: renewal is open from the start. */
    private static Properties alwaysOpen(TestDatabase testDb) {
        Properties config = EnrollmentServer.configuration(testDb, MAIL);
        config.setProperty(ConfigKeys.ENROLL_RENEWAL_WINDOW, "36500d");
        return config;
    }

    private static String csrBody(TestDevice device) {
        return EnrollmentServer.JSON.createObjectNode().put("csr", device.csr()).toString();
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aRenewedCertificateWorksAndTheOldOneIsRefused(TestDatabase testDb) throws Exception {
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, alwaysOpen(testDb))) {
            TestDevice laptop = TestDevice.ec();
            JsonNode enrolled = api.enroll(ALICE, laptop, "laptop");
            X509Certificate old = laptop.certificate();

            TestDevice renewedLaptop = laptop.withNewKey();
            JsonNode renewed = api.post(RENEWAL, csrBody(renewedLaptop), laptop).expect(200).json();
            renewedLaptop.enrolled(renewed.path("signingCertificate").asText());
            X509Certificate fresh = renewedLaptop.certificate();
            assertThat(fresh.getPublicKey()).isEqualTo(renewedLaptop.keys().getPublic());
            assertThat(fresh.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
            assertThat(fresh.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly(ALICE);
            fresh.verify(TestDevice.parse(renewed.path("chain").get(0).asText()).getPublicKey());
            assertThat(renewed.path("device").path("id").asText()).isEqualTo(enrolled.path("device").path("id").asText());
            assertThat(renewed.path("device").path("level").asText()).isEqualTo("V1");

            JsonNode listed = api.get("/v1/devices", renewedLaptop).expect(200).json();
            assertThat(listed.path("devices")).hasSize(1);
            assertThat(listed.path("devices").get(0).path("current").asBoolean()).isTrue();
            assertThat(listed.path("devices").get(0).path("renewableFrom").asText())
                    .isEqualTo(fresh.getNotBefore().toInstant().toString());
            assertThat(api.get("/v1/devices", laptop).expect(401).error()).isEqualTo("revoked_certificate");
            StoredCertificate record = api.server().ca().records().find(old.getSerialNumber()).orElseThrow();
            assertThat(record.revocation()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("superseded"));
            assertThat(api.server().devices().find(fresh.getSerialNumber())).isPresent();
            assertThat(api.server().devices().find(old.getSerialNumber())).isEmpty();

            AuditLog audit = new AuditLog(testDb.open(), java.time.Clock.systemUTC());
            assertThat(audit.tail(20)).filteredOn(r -> r.action().equals("device.renew")).singleElement()
                    .satisfies(r -> assertThat(r.details()).contains("replaces=" + old.getSerialNumber().toString(16)));
        }
    }

    @Test
    void theSameKeyABadCsrAndARemovedDeviceAreRefused() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, alwaysOpen(testDb))) {
            TestDevice laptop = TestDevice.ec();
            TestDevice phone = TestDevice.ec();
            api.enroll(ALICE, laptop, "laptop");
            JsonNode phoneEnrolled = api.enroll(ALICE, phone, "phone");
            long certificates = api.server().ca().records().count();

            assertThat(api.post(RENEWAL, csrBody(laptop), laptop).expect(400).error()).isEqualTo("same_key");
            assertThat(api.post(RENEWAL, "{\"csr\": \"not a csr\"}", laptop).expect(400).error()).isEqualTo("bad_csr");
            assertThat(api.post(RENEWAL, "{}", laptop).expect(400).error()).isEqualTo("bad_request");
            assertThat(api.post(RENEWAL, csrBody(laptop.withNewKey())).expect(401).status()).isEqualTo(401);
            assertThat(api.server().ca().records().count()).as("nothing issued").isEqualTo(certificates);

            api.delete("/v1/devices/" + phoneEnrolled.path("device").path("id").asText(), laptop).expect(200);
            assertThat(api.post(RENEWAL, csrBody(phone.withNewKey()), phone).expect(401).error()).isEqualTo("revoked_certificate");
            assertThat(api.server().ca().records().count()).isEqualTo(certificates);

            // A removal racing the renewal: the row is marked while the certificate still authenticates.
            TestDevice tablet = TestDevice.ec();
            String tabletId = api.enroll(ALICE, tablet, "tablet").path("device").path("id").asText();
            testDb.open().inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE device SET revoked_at = CURRENT_TIMESTAMP WHERE device_id = ?")) {
                    ps.setString(1, tabletId);
                    return ps.executeUpdate();
                }
            });
            long withTablet = api.server().ca().records().count();
            assertThat(api.post(RENEWAL, csrBody(tablet.withNewKey()), tablet).expect(409).error()).isEqualTo("device_revoked");
            assertThat(api.server().ca().records().count()).as("nothing issued").isEqualTo(withTablet);
        }
    }

    @Test
    void renewalOpensOnlyInTheLastThirdOfTheCertificatesLife() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2();
             EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, EnrollmentServer.configuration(testDb, MAIL))) {
            TestDevice laptop = TestDevice.ec();
            api.enroll(ALICE, laptop, "laptop");
            X509Certificate cert = laptop.certificate();
            Instant notAfter = cert.getNotAfter().toInstant();
            Duration third = Duration.between(cert.getNotBefore().toInstant(), notAfter).dividedBy(3);
            Instant expected = notAfter.minus(third.compareTo(Duration.ofDays(30)) > 0 ? third : Duration.ofDays(30));

            EnrollmentServer.Response early = api.post(RENEWAL, csrBody(laptop.withNewKey()), laptop).expect(409);
            assertThat(early.error()).isEqualTo("too_early");
            assertThat(early.json().path("message").asText()).endsWith(expected.toString());
            assertThat(early.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(api.get("/v1/devices", laptop).expect(200).json().path("devices").get(0).path("renewableFrom").asText())
                    .isEqualTo(expected.toString());
            assertThat(new AuditLog(testDb.open(), java.time.Clock.systemUTC()).tail(20)).extracting(AuditRecord::action)
                    .doesNotContain("device.renew");
        }
    }
}
