package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.server.keys.api.KeyApiServer.Answer;
import org.sealpost.server.keys.api.KeyApiServer.Device;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * {@code POST /v1/keys/release} and {@code /v1/keys/password} over real HTTP against a real server
 * on H2 (one server for the class; each test uses addresses of its own). The PostgreSQL
 * configuration is {@link KeyReleaseApiPostgresTest}.
 */
class KeyReleaseApiTest {
    private static final String RELEASE = KeyRoutes.RELEASE;
    private static final String PASSWORD = KeyRoutes.PASSWORD;

    @TempDir
    static Path dir;

    private static TestDatabase testDb;
    private static KeyApiServer api;
    private static Database db;

    @BeforeAll
    static void start() {
        testDb = TestDatabases.h2();
        api = new KeyApiServer(dir.resolve("data"), testDb.config());
        db = testDb.open();
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
    void releaseGivesTheDeviceItsWholeHistoryAndNobodyElsesKeys() throws Exception {
        KeyRecord first = api.server.keys().create("alice@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        KeyRecord second = api.server.keys().rotate("alice@example.org", KeySpec.RSA_2048);
        KeyRecord bobs = api.server.keys().create("bob@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device alice = api.enroll("Alice@Example.org");

        KeyPair transport = KeyApiServer.rsa(2048);
        Answer answer = api.send(alice, "POST", RELEASE, releaseBody(transport));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(answer.header("Cache-Control")).contains("no-store");
        JsonNode json = answer.json();
        assertThat(json.path("address").asText()).isEqualTo("alice@example.org");
        assertThat(json.path("count").asInt()).isEqualTo(2);
        byte[] envelope = Base64.getDecoder().decode(json.path("keys").asText());
        ReleasedKeys.assertHolds(envelope, transport.getPrivate(), List.of(second, first));
        assertThat(ReleasedKeys.open(envelope, transport.getPrivate())).extracting(ReleasedKeys.Opened::keyId)
                .doesNotContain(bobs.keyId());

        // An EC transport key in PEM, the envelope as DER on request.
        KeyPair ec = KeyApiServer.ec("secp384r1");
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        byte[] body = KeyApiServer.JSON.writeValueAsBytes(java.util.Map.of("transportKey", pem));
        Answer der = api.send("POST", RELEASE, body, "application/json", "application/pkcs7-mime",
                alice.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(RELEASE), body));
        assertThat(der.status()).as(der.toString()).isEqualTo(200);
        assertThat(der.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/pkcs7-mime"));
        ReleasedKeys.assertHolds(der.body(), ec.getPrivate(), List.of(second, first));

        // The address comes from the certificate: naming another one in the body is refused, not obeyed.
        Answer other = api.send(alice, "POST", RELEASE, "{\"transportKey\":\"" + base64(transport) + "\",\"address\":\"bob@example.org\"}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.text()).contains("unknown field \\\"address\\\"");

        List<AuditRecord> releases = audit("alice@example.org", "kms.release");
        assertThat(releases).extracting(AuditRecord::subject).containsOnly("alice@example.org");
        assertThat(releases).extracting(AuditRecord::actor).containsOnly(alice.actor());
        assertThat(releases.getFirst().details()).startsWith("keys=" + second.keyId() + "," + first.keyId() + " transport=");
        assertThat(new AuditLog(db, Clock.systemUTC()).verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @Test
    void withoutAValidTokenNothingIsReleased() throws Exception {
        api.server.keys().create("carol@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device carol = api.enroll("carol@example.org");
        byte[] body = releaseBody(KeyApiServer.ec("secp256r1")).getBytes(StandardCharsets.UTF_8);

        Answer none = api.send("POST", RELEASE, body, "application/json", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).isEqualTo("missing");
        assertThat(none.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Sealpost "));

        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Answer expired = api.send("POST", RELEASE, body, "application/json", null,
                carol.signer(tenMinutesAgo).authorization("POST", api.publicUrl(RELEASE), body));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.error()).isEqualTo("expired_token");

        String token = carol.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(RELEASE), body);
        assertThat(api.send("POST", RELEASE, body, "application/json", null, token).status()).isEqualTo(200);
        Answer replayed = api.send("POST", RELEASE, body, "application/json", null, token);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.error()).isEqualTo("replayed");

        // A token made for another body (the transport key swapped by whoever copied it).
        byte[] otherBody = releaseBody(KeyApiServer.ec("secp256r1")).getBytes(StandardCharsets.UTF_8);
        Answer swapped = api.send("POST", RELEASE, otherBody, "application/json", null,
                carol.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(RELEASE), body));
        assertThat(swapped.status()).isEqualTo(401);
        assertThat(swapped.error()).isEqualTo("wrong_request");

        // The lost laptop: revoked, it can release nothing more; the owner's other device still can.
        Device spare = api.enroll("carol@example.org");
        api.server.ca().revocations().revoke(carol.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");
        Answer revoked = api.send(carol, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1")));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.error()).isEqualTo("revoked_certificate");
        assertThat(api.send(spare, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1"))).status()).isEqualTo(200);
        assertThat(api.send(carol, "GET", PASSWORD, null).status()).isEqualTo(401);

        assertThat(audit("carol@example.org", "kms.release")).extracting(AuditRecord::actor).containsExactly(carol.actor(), spare.actor());
    }

    @Test
    void theProtectionPasswordIsSetRequiredChangedAndRemoved() throws Exception {
        KeyRecord key = api.server.keys().create("dave@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device dave = api.enroll("dave@example.org");
        Device laptop = api.enroll("dave@example.org");
        KeyPair transport = KeyApiServer.ec("secp256r1");

        assertThat(api.send(dave, "GET", PASSWORD, null).json().path("protected").asBoolean()).isFalse();
        assertThat(api.send(dave, "PUT", PASSWORD, "{\"password\":\"first secret\"}").status()).isEqualTo(204);
        assertThat(api.send(laptop, "GET", PASSWORD, null).json().path("protected").asBoolean()).isTrue();
        // Another device cannot replace it without the current password.
        Answer overwrite = api.send(laptop, "PUT", PASSWORD, "{\"password\":\"mine now\"}");
        assertThat(overwrite.status()).isEqualTo(403);
        assertThat(overwrite.error()).isEqualTo(PasswordRefusals.REQUIRED);

        Answer without = api.send(dave, "POST", RELEASE, releaseBody(transport));
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.error()).isEqualTo(PasswordRefusals.REQUIRED);
        Answer wrong = api.send(dave, "POST", RELEASE, releaseBody(transport, "mine now"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo(PasswordRefusals.WRONG);
        assertThat(wrong.json().path("remainingTries").asInt()).isEqualTo(4);
        Answer right = api.send(dave, "POST", RELEASE, releaseBody(transport, "first secret"));
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
        ReleasedKeys.assertHolds(Base64.getDecoder().decode(right.json().path("keys").asText()), transport.getPrivate(), List.of(key));

        Answer badChange = api.send(laptop, "PUT", PASSWORD, "{\"password\":\"second secret\",\"current\":\"guess\"}");
        assertThat(badChange.status()).isEqualTo(403);
        assertThat(badChange.error()).isEqualTo(PasswordRefusals.WRONG);
        assertThat(badChange.json().path("remainingTries").asInt()).as("the right password reset the count").isEqualTo(4);
        assertThat(api.send(laptop, "PUT", PASSWORD, "{\"password\":\"second secret\",\"current\":\"first secret\"}").status())
                .isEqualTo(204);
        assertThat(api.send(dave, "POST", RELEASE, releaseBody(transport, "first secret")).error()).isEqualTo(PasswordRefusals.WRONG);
        assertThat(api.send(dave, "POST", RELEASE, releaseBody(transport, "second secret")).status()).isEqualTo(200);

        Answer removeWithout = api.send(dave, "DELETE", PASSWORD, "{}");
        assertThat(removeWithout.status()).isEqualTo(403);
        assertThat(removeWithout.error()).isEqualTo(PasswordRefusals.REQUIRED);
        assertThat(api.send(dave, "DELETE", PASSWORD, "{\"current\":\"first secret\"}").error()).isEqualTo(PasswordRefusals.WRONG);
        assertThat(api.send(dave, "DELETE", PASSWORD, "{\"current\":\"second secret\"}").status()).isEqualTo(204);
        assertThat(api.send(dave, "GET", PASSWORD, null).json().path("protected").asBoolean()).isFalse();
        Answer again = api.send(dave, "DELETE", PASSWORD, "{\"current\":\"second secret\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("not_protected");
        assertThat(api.send(dave, "PUT", PASSWORD, "{\"password\":\"x\",\"current\":\"y\"}").error()).isEqualTo("not_protected");
        assertThat(api.send(dave, "POST", RELEASE, releaseBody(transport)).status()).isEqualTo(200);

        List<AuditRecord> changes = audit("dave@example.org", "kms.protection.set", "kms.protection.change", "kms.protection.clear");
        assertThat(changes).extracting(r -> r.actor() + " " + r.action()).containsExactly(
                dave.actor() + " kms.protection.set", laptop.actor() + " kms.protection.change", dave.actor() + " kms.protection.clear");
        assertNoSecretAudited("first secret", "second secret", "mine now", "guess");
    }

    @Test
    void wrongPasswordsLockReleaseAndPasswordChangesAlike() throws Exception {
        api.server.keys().create("erin@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device erin = api.enroll("erin@example.org");
        KeyPair transport = KeyApiServer.ec("secp256r1");
        assertThat(api.send(erin, "PUT", PASSWORD, "{\"password\":\"the right one\"}").status()).isEqualTo(204);

        for (int remaining = 4; remaining >= 2; remaining--) {
            Answer wrong = api.send(erin, "POST", RELEASE, releaseBody(transport, "guess " + remaining));
            assertThat(wrong.error()).isEqualTo(PasswordRefusals.WRONG);
            assertThat(wrong.json().path("remainingTries").asInt()).isEqualTo(remaining);
        }
        // A wrong current password in a change counts toward the same limit.
        Answer change = api.send(erin, "PUT", PASSWORD, "{\"password\":\"new\",\"current\":\"guess 1\"}");
        assertThat(change.json().path("remainingTries").asInt()).isEqualTo(1);
        Instant before = Instant.now();
        Answer locked = api.send(erin, "POST", RELEASE, releaseBody(transport, "guess 0"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.error()).isEqualTo(PasswordRefusals.LOCKED);
        Instant until = Instant.parse(locked.json().path("lockedUntil").asText());
        assertThat(until).isAfter(before);
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 61L);

        // Locked: the right password does not help, for a release or a change.
        Answer rightButLocked = api.send(erin, "POST", RELEASE, releaseBody(transport, "the right one"));
        assertThat(rightButLocked.status()).isEqualTo(429);
        assertThat(rightButLocked.header("Retry-After")).isPresent();
        assertThat(api.send(erin, "DELETE", PASSWORD, "{\"current\":\"the right one\"}").status()).isEqualTo(429);

        assertThat(audit("erin@example.org", "kms.release")).isEmpty();
        assertThat(audit("erin@example.org", "kms.release.failed")).extracting(AuditRecord::actor).containsOnly(erin.actor());
        assertThat(audit("erin@example.org", "kms.protection.verify")).extracting(AuditRecord::details).last().asString().startsWith("result=locked");
        assertNoSecretAudited("the right one", "guess");
    }

    @Test
    void badInputIsA4xxAndNothingIsAuditedAsARelease() throws Exception {
        api.server.keys().create("frank@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
        Device frank = api.enroll("frank@example.org");
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        String pemCertificate = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(frank.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----";

        expect(api.send(frank, "POST", RELEASE, "{"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, "[]"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, "{}"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, "{\"transportKey\":42}"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1")) + "{}"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, "{\"transportKey\":\"a\",\"transportKey\":\"b\"}"), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1"), "")), 400, "bad_request");
        expect(api.send(frank, "POST", RELEASE, "{\"transportKey\":\"not base64!\"}"), 400, TransportKeys.BAD_TRANSPORT_KEY);
        expect(api.send(frank, "POST", RELEASE, "{\"transportKey\":\"AAECAwQ=\"}"), 400, TransportKeys.BAD_TRANSPORT_KEY);
        expect(api.send(frank, "POST", RELEASE, "{\"transportKey\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}"),
                400, TransportKeys.BAD_TRANSPORT_KEY);
        Answer small = api.send(frank, "POST", RELEASE, releaseBody(KeyApiServer.rsa(1024)));
        expect(small, 400, TransportKeys.BAD_TRANSPORT_KEY);
        assertThat(small.json().path("message").asText()).contains("1024 bits");
        Answer p521 = api.send(frank, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp521r1")));
        expect(p521, 400, TransportKeys.BAD_TRANSPORT_KEY);
        assertThat(p521.json().path("message").asText()).contains("P-256 or P-384");
        expect(api.send(frank, "POST", RELEASE, releaseBody(ed.generateKeyPair())), 400, TransportKeys.BAD_TRANSPORT_KEY);
        expect(api.send(frank, "POST", RELEASE, KeyApiServer.JSON.writeValueAsString(java.util.Map.of("transportKey", pemCertificate))),
                400, TransportKeys.BAD_TRANSPORT_KEY);

        byte[] text = releaseBody(KeyApiServer.ec("secp256r1")).getBytes(StandardCharsets.UTF_8);
        expect(api.send("POST", RELEASE, text, "text/plain", null,
                frank.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(RELEASE), text)), 415, "unsupported_media_type");
        String padded = "{\"transportKey\":\"" + base64(KeyApiServer.ec("secp256r1")) + "\",\"password\":\"" + "x".repeat(20_000) + "\"}";
        expect(api.send(frank, "POST", RELEASE, padded), 413, "payload_too_large");
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        Answer tooLarge = api.send("POST", RELEASE, huge, "application/json", null,
                frank.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(RELEASE), huge));
        assertThat(tooLarge.status()).isEqualTo(413);

        expect(api.send(frank, "PUT", PASSWORD, "{\"current\":\"x\"}"), 400, "bad_request");
        expect(api.send(frank, "PUT", PASSWORD, "{\"password\":\"\"}"), 400, "bad_request");
        expect(api.send(frank, "PUT", PASSWORD, "{\"password\":\"" + "p".repeat(KeyRoutes.MAX_PASSWORD_CHARS + 1) + "\"}"), 400, "bad_request");
        expect(api.send(frank, "PUT", PASSWORD, "{\"password\":[\"a\"]}"), 400, "bad_request");
        expect(api.send(frank, "DELETE", PASSWORD, ""), 400, "bad_request");

        int audited = db.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action LIKE 'kms.%'")) {
                ps.setString(1, "frank@example.org");
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(audited).as("no release, failed release, password check or change audited for frank").isZero();
        assertThat(api.send(frank, "GET", PASSWORD, null).json().path("protected").asBoolean()).isFalse();
        // ... and the device still gets its keys.
        assertThat(api.send(frank, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1"))).status()).isEqualTo(200);
    }

    @Test
    void anAddressWithoutKeysIsA404() throws Exception {
        Device grace = api.enroll("grace@example.org");
        Answer answer = api.send(grace, "POST", RELEASE, releaseBody(KeyApiServer.ec("secp256r1")));
        expect(answer, 404, "no_keys");
        assertThat(answer.json().path("message").asText()).contains("grace@example.org");
    }

    private static void expect(Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.error()).as(answer.toString()).isEqualTo(error);
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }

    static String releaseBody(KeyPair transport) {
        return "{\"transportKey\":\"" + base64(transport) + "\"}";
    }

    static String releaseBody(KeyPair transport, String password) {
        return "{\"transportKey\":\"" + base64(transport) + "\",\"password\":\"" + password + "\"}";
    }

    private static String base64(KeyPair transport) {
        return Base64.getEncoder().encodeToString(transport.getPublic().getEncoded());
    }

    /** The audit records about {@code address} of the given actions, oldest first. */
    private static List<AuditRecord> audit(String address, String... actions) {
        return new AuditLog(db, Clock.systemUTC()).tail(10_000).stream()
                .filter(r -> List.of(actions).contains(r.action()))
                .filter(r -> r.subject().equals(address))
                .toList();
    }

    private static void assertNoSecretAudited(String... secrets) {
        assertThat(new AuditLog(db, Clock.systemUTC()).tail(10_000)).allSatisfy(r -> assertThat(r.toString()).doesNotContain(secrets));
    }
}
