package org.sealpost.server.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.identity.IdentityRequests;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.testing.TestDatabase;

/**
 * {@code POST /v1/identity/renewal} over the whole server: after the device renewed its own
 * certificate for a new key, its V2 certificate follows that key without a new review.
 */
class IdentityRenewalApiTest {
    private static final String ALICE = "alice@example.org";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void v2FollowsTheDevicesRenewedKey(TestDatabase testDb) throws Exception {
        Properties config = EnrollmentServer.configuration(testDb, MAIL);
        config.setProperty(ConfigKeys.ENROLL_RENEWAL_WINDOW, "36500d");
        try (EnrollmentServer api = EnrollmentServer.start(dir, testDb, MAIL, config)) {
            TestDevice laptop = TestDevice.ec();
            api.enroll(ALICE, laptop, "laptop");
            String id = api.post("/v1/identity/requests", "{\"level\":\"V2\",\"givenName\":\"Alice\",\"surname\":\"Archer\","
                    + "\"locality\":\"Berlin\",\"country\":\"DE\"}", laptop).expect(201).json().path("id").asText();
            Database db = testDb.open();
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            AdminAccount operator = new AdminAccounts(db, audit, Clock.systemUTC(), new SecureRandom())
                    .create("olga", AdminRole.OPERATOR, null, "operator:test").account();
            new IdentityRequests(db, audit, Optional.empty(), Clock.systemUTC(), new SecureRandom()).approve(operator, id);
            X509Certificate v2 = TestDevice.parse(api.get("/v1/identity/requests/" + id, laptop).expect(200).json()
                    .path("certificate").asText());
            assertThat(v2.getPublicKey()).isEqualTo(laptop.keys().getPublic());

            TestDevice renewedLaptop = laptop.withNewKey();
            renewedLaptop.enrolled(api.post("/v1/devices/renewal", EnrollmentServer.JSON.createObjectNode()
                    .put("csr", renewedLaptop.csr()).toString(), laptop).expect(200).json().path("signingCertificate").asText());

            EnrollmentServer.Response renewed = api.post("/v1/identity/renewal", "{\"level\":\"V2\"}", renewedLaptop).expect(201);
            JsonNode request = renewed.json();
            assertThat(request.path("status").asText()).isEqualTo("issued");
            assertThat(request.path("decidedBy").asText()).isEqualTo("renewal:" + id);
            assertThat(renewed.raw().headers().firstValue("Location")).hasValue("/v1/identity/requests/" + request.path("id").asText());
            X509Certificate fresh = TestDevice.parse(request.path("certificate").asText());
            assertThat(fresh.getPublicKey()).isEqualTo(renewedLaptop.keys().getPublic());
            assertThat(fresh.getSubjectX500Principal().getName()).contains("Alice Archer");
            assertThat(api.server().ca().records().find(fresh.getSerialNumber()).orElseThrow().profile()).isEqualTo("signing-v2");
            assertThat(api.server().ca().records().find(v2.getSerialNumber()).orElseThrow().revocation())
                    .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("superseded"));

            // No V3 certificate to renew, a level that does not exist, malformed JSON: refused, nothing issued.
            long certificates = api.server().ca().records().count();
            assertThat(api.post("/v1/identity/renewal", "{\"level\":\"V3\"}", renewedLaptop).expect(409).error()).isEqualTo("conflict");
            assertThat(api.post("/v1/identity/renewal", "{\"level\":\"V9\"}", renewedLaptop).expect(400).error()).isEqualTo("bad_request");
            assertThat(api.post("/v1/identity/renewal", "{\"level\":", renewedLaptop).expect(400).error()).isEqualTo("bad_request");
            assertThat(api.server().ca().records().count()).as("nothing issued").isEqualTo(certificates);
        }
    }
}
