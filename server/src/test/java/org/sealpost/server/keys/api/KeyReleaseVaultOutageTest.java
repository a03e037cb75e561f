package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import org.sealpost.server.keys.api.KeyApiServer.Answer;
import org.sealpost.server.keys.api.KeyApiServer.Device;
import org.sealpost.server.testing.RunningVaults;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** A release while a 2-of-2 vault is down: 503 with Retry-After and no vault detail, then 200 once it is back. */
class KeyReleaseVaultOutageTest {
    @TempDir
    Path dir;

    @Test
    void aVaultDownIsA503WithRetryAfterUntilItIsBack() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2(); RunningVaults vaults = new RunningVaults(dir).start("a", "b")) {
            Properties properties = vaults.configure(new Properties());
            properties.setProperty(ConfigKeys.DB_URL, testDb.config().jdbcUrl());
            if (testDb.config().user() != null) {
                properties.setProperty(ConfigKeys.DB_USER, testDb.config().user());
            }
            properties.setProperty(ConfigKeys.LISTEN_PORT, "0");
            properties.setProperty(ConfigKeys.KMS_POOL_SIZE, "0");
            Path file = dir.resolve(ServerConfig.DEFAULT_FILE);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(w, "test");
            }
            char[] dbPassword = testDb.config().password();
            Map<String, String> environment = dbPassword == null ? Map.of() : Map.of("SEALPOST_DB_PASSWORD", new String(dbPassword));
            ServerConfig config = ServerConfig.load(Optional.of(file), environment, Map.of());
            try (KeyApiServer api = new KeyApiServer(config.settings(dir.resolve("data"), Optional.of("outage-test".toCharArray()), environment))) {
                api.server.keys().create("alice@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
                Device alice = api.enroll("alice@example.org");
                KeyPair transport = KeyApiServer.ec("secp256r1");

                vaults.stop("b");
                Answer down = api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport));
                assertThat(down.status()).as(down.toString()).isEqualTo(503);
                assertThat(down.error()).isEqualTo("vaults_unavailable");
                assertThat(down.header("Retry-After")).contains(Integer.toString(KeyRoutes.VAULT_RETRY_SECONDS));
                assertThat(down.text()).as("vault ids and URLs are the operator's business")
                        .doesNotContain(vaults.vaultId("b")).doesNotContain(vaults.url("b").toString());

                vaults.restart("b");
                Answer back = api.send(alice, "POST", KeyRoutes.RELEASE, KeyReleaseApiTest.releaseBody(transport));
                assertThat(back.status()).as(back.toString()).isEqualTo(200);

                assertThat(new AuditLog(testDb.open(), Clock.systemUTC()).tail(100)).extracting(AuditRecord::action)
                        .containsSubsequence("kms.release.failed", "kms.release");
            }
        }
    }
}
