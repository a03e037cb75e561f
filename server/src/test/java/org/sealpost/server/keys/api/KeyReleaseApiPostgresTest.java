package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.server.keys.api.KeyApiServer.Answer;
import org.sealpost.server.keys.api.KeyApiServer.Device;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** The key endpoints on the PostgreSQL configuration: release, the password gate, a replayed token. */
class KeyReleaseApiPostgresTest {
    @TempDir
    Path dir;

    @Test
    void releaseAndThePasswordGateOnPostgres() throws Exception {
        try (TestDatabase testDb = TestDatabases.postgres();
             KeyApiServer api = new KeyApiServer(dir.resolve("data"), testDb.config())) {
            KeyRecord first = api.server.keys().create("alice@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
            KeyRecord second = api.server.keys().rotate("alice@example.org", KeySpec.EC_P384);
            api.server.keys().create("bob@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
            Device alice = api.enroll("alice@example.org");
            KeyPair transport = KeyApiServer.rsa(2048);

            Answer released = api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport));
            assertThat(released.status()).as(released.toString()).isEqualTo(200);
            assertThat(released.json().path("count").asInt()).isEqualTo(2);
            ReleasedKeys.assertHolds(Base64.getDecoder().decode(released.json().path("keys").asText()), transport.getPrivate(),
                    List.of(second, first));

            byte[] body = KeyReleaseApiTest.releaseBody(transport).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String token = alice.signer(Clock.systemUTC()).authorization("POST", api.publicUrl(KeyRoutes.RELEASE), body);
            assertThat(api.send("POST", KeyRoutes.RELEASE, body, "application/json", null, token).status()).isEqualTo(200);
            assertThat(api.send("POST", KeyRoutes.RELEASE, body, "application/json", null, token).error()).isEqualTo("replayed");

            assertThat(api.send(alice, "PUT", KeyRoutes.PASSWORD, "{\"password\":\"pg secret\"}").status()).isEqualTo(204);
            assertThat(api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport)).error())
                    .isEqualTo(PasswordRefusals.REQUIRED);
            Answer wrong = api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport, "nope"));
            assertThat(wrong.error()).isEqualTo(PasswordRefusals.WRONG);
            assertThat(wrong.json().path("remainingTries").asInt()).isEqualTo(4);
            assertThat(api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport, "pg secret")).status())
                    .isEqualTo(200);
            assertThat(api.send(alice, "DELETE", KeyRoutes.PASSWORD, "{\"current\":\"pg secret\"}").status()).isEqualTo(204);

            AuditLog audit = new AuditLog(testDb.open(), Clock.systemUTC());
            assertThat(audit.tail(1000)).filteredOn(r -> r.action().equals("kms.release"))
                    .extracting(AuditRecord::actor, AuditRecord::subject)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(alice.actor(), "alice@example.org"));
            assertThat(audit.verify()).isInstanceOf(AuditVerification.Intact.class);
        }
    }
}
