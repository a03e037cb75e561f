package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.server.keys.api.KeyApiServer.Answer;
import org.sealpost.server.keys.api.KeyApiServer.Device;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * {@code GET /v1/keys/certificates} over real HTTP against a real server on H2 (one server for the
 * class; each test uses addresses of its own). Encryption certificates are issued by the server's CA
 * in-process, the way enrollment and rotation issue them; the enrollment path end to end is
 * {@code org.sealpost.server.enroll.EncryptionCertificateHistoryApiTest}.
 */
class KeyCertificatesApiTest {
    private static final String CERTIFICATES = KeyRoutes.CERTIFICATES;

    @TempDir
    static Path dir;

    private static TestDatabase testDb;
    private static KeyApiServer api;

    @BeforeAll
    static void start() {
        testDb = TestDatabases.h2();
        api = new KeyApiServer(dir.resolve("data"), testDb.config());
    }

    @AfterAll
    static void stop() {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            testDb.close();
        }
    }

    @Test
    void aDeviceGetsItsAddresssEncryptionCertificateAndNoSigningCertificate() throws Exception {
        KeyRecord key = api.server.keys().create("erin@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        X509Certificate encryption = encryptionCertificate(key);
        Device erin = api.enroll("Erin@Example.org");

        Answer answer = api.send(erin, "GET", CERTIFICATES, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(answer.header("Cache-Control")).contains("no-store");
        JsonNode json = answer.json();
        assertThat(json.path("address").asText()).isEqualTo("erin@example.org");
        assertThat(json.path("certificates")).hasSize(1);
        JsonNode entry = json.path("certificates").get(0);
        assertThat(parse(entry.path("pem").asText()).getEncoded()).isEqualTo(encryption.getEncoded());
        assertThat(entry.path("serialNumber").asText()).isEqualTo(encryption.getSerialNumber().toString(16));
        assertThat(Instant.parse(entry.path("notBefore").asText())).isEqualTo(encryption.getNotBefore().toInstant());
        assertThat(Instant.parse(entry.path("notAfter").asText())).isEqualTo(encryption.getNotAfter().toInstant());
        assertThat(entry.path("revoked").isBoolean()).isTrue();
        assertThat(entry.path("revoked").asBoolean()).isFalse();
        assertThat(entry.has("revocationReason")).as("present, as null").isTrue();
        assertThat(entry.path("revocationReason").isNull()).isTrue();
        // The device's own signing certificate names the same address, and is not an encryption certificate.
        assertThat(serials(json)).doesNotContain(erin.certificate().getSerialNumber().toString(16));
    }

    @Test
    void everyEncryptionCertificateEverIssuedIsListedNewestFirstExpiredAndRevokedIncluded() throws Exception {
        String frank = "frank@example.org";
        KeyRecord oldKey = api.server.keys().create(frank, KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device laptop = api.enroll(frank);
        Device phone = api.enroll(frank);
        // Explicit starts a second apart, so the order does not depend on how fast the test runs.
        Instant base = api.server.ca().ca().issuing().getNotBefore().toInstant();
        waitUntilAfter(base.plusSeconds(4));

        X509Certificate expired = encryptionCertificate(oldKey, base, base.plusSeconds(1));
        X509Certificate superseded = encryptionCertificate(oldKey, base.plusSeconds(1), null);
        api.server.ca().revocations().revoke(superseded.getSerialNumber(), RevocationReason.SUPERSEDED, "test");
        X509Certificate renewed = encryptionCertificate(oldKey, base.plusSeconds(2), null);
        KeyRecord newKey = api.server.keys().rotate(frank, KeySpec.EC_P256);
        X509Certificate current = encryptionCertificate(newKey, base.plusSeconds(3), null);
        assertThat(expired.getNotAfter().toInstant()).isBefore(Instant.now());

        JsonNode json = api.send(laptop, "GET", CERTIFICATES, null).json();
        assertThat(serials(json)).containsExactly(hex(current), hex(renewed), hex(superseded), hex(expired));
        assertThat(json.path("certificates")).extracting(c -> c.path("revoked").asBoolean()).containsExactly(false, false, true, false);
        assertThat(json.path("certificates").get(2).path("revocationReason").asText()).isEqualTo("superseded");
        assertThat(json.path("certificates")).extracting(c -> Instant.parse(c.path("notBefore").asText()))
                .containsExactly(base.plusSeconds(3), base.plusSeconds(2), base.plusSeconds(1), base);
        assertThat(parse(json.path("certificates").get(0).path("pem").asText()).getPublicKey().getEncoded())
                .isEqualTo(newKey.publicKey());
        assertThat(serials(json)).as("no signing certificate of either device")
                .doesNotContain(hex(laptop.certificate()), hex(phone.certificate()));
        // Every device of the address sees the same history.
        assertThat(serials(api.send(phone, "GET", CERTIFICATES, null).json())).isEqualTo(serials(json));
    }

    @Test
    void anotherAddresssCertificatesNeverAppear() throws Exception {
        X509Certificate graces = encryptionCertificate(
                api.server.keys().create("grace@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE));
        X509Certificate heidis = encryptionCertificate(
                api.server.keys().create("heidi@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE));
        Device grace = api.enroll("grace@example.org");
        Device heidi = api.enroll("heidi@example.org");
        Device ivan = api.enroll("ivan@example.org");

        assertThat(serials(api.send(grace, "GET", CERTIFICATES, null).json())).containsExactly(hex(graces));
        assertThat(serials(api.send(heidi, "GET", CERTIFICATES, null).json())).containsExactly(hex(heidis));
        // An address with no encryption certificate yet: an empty list, not an error.
        Answer none = api.send(ivan, "GET", CERTIFICATES, null);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("address").asText()).isEqualTo("ivan@example.org");
        assertThat(none.json().path("certificates").isArray()).isTrue();
        assertThat(none.json().path("certificates")).isEmpty();
    }

    @Test
    void withoutAValidTokenNoCertificateIsListed() throws Exception {
        encryptionCertificate(api.server.keys().create("judy@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE));
        Device judy = api.enroll("judy@example.org");

        Answer none = api.send("GET", CERTIFICATES, new byte[0], null, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).isEqualTo("missing");
        assertThat(none.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Sealpost "));
        assertThat(none.text()).doesNotContain("BEGIN CERTIFICATE");

        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Answer expired = api.send("GET", CERTIFICATES, new byte[0], null, null,
                judy.signer(tenMinutesAgo).authorization("GET", api.publicUrl(CERTIFICATES), new byte[0]));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.error()).isEqualTo("expired_token");

        // One check per request: the first use of a token is accepted (a second guard on the path
        // would already call it replayed), its second use is refused.
        String token = judy.signer(Clock.systemUTC()).authorization("GET", api.publicUrl(CERTIFICATES), new byte[0]);
        Answer first = api.send("GET", CERTIFICATES, new byte[0], null, null, token);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("certificates")).hasSize(1);
        Answer replayed = api.send("GET", CERTIFICATES, new byte[0], null, null, token);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.error()).isEqualTo("replayed");
    }

    /** An encryption certificate for {@code key}, as enrollment issues one. */
    private static X509Certificate encryptionCertificate(KeyRecord key) throws CaException {
        return encryptionCertificate(key, null, null);
    }

    /** The same with an explicit start and end (null: the default). */
    private static X509Certificate encryptionCertificate(KeyRecord key, Instant notBefore, Instant notAfter) throws CaException {
        IssuanceRequest request = IssuanceRequest.forKey(SubjectPublicKeyInfo.getInstance(key.publicKey()), Profiles.ENCRYPTION)
                .withEmails(List.of(key.address())).withValidity(notBefore, notAfter);
        return api.server.ca().issuance().issue(request, "test").certificate();
    }

    private static void waitUntilAfter(Instant instant) throws InterruptedException {
        while (!Instant.now().isAfter(instant)) {
            Thread.sleep(100);
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

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
