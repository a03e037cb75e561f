package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sealpost.cli.CliFixture.run;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.identity.external.ExternalCertificates;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;

/** {@code sealpost admin external-import}: a PKCS#12 of a trusted CA is recorded; a wrong password or an untrusted CA is exit 2. */
class AdminExternalImportCommandTest {
    @TempDir
    Path data;

    @TempDir
    Path files;

    @Test
    void importsACheckedVpCertificate() throws Exception {
        assumeTrue(CliFixture.passwordsAvailable(), "the password variables are set under Maven");
        CliFixture.writeFiles(files);
        Database.open(DatabaseConfig.embedded(data)).close();

        Result untrusted = run("admin", "external-import", "--data", data, "--address", "alice@example.org",
                "--p12", files.resolve("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV,
                "--trust-anchors", files.resolve("other-root.pem"));
        assertThat(untrusted.exit()).isEqualTo(2);
        assertThat(untrusted.errLines()).singleElement().satisfies(l -> assertThat(l).contains("trust anchor"));
        Result wrongPassword = run("admin", "external-import", "--data", data, "--address", "alice@example.org",
                "--p12", files.resolve("alice.p12"), "--password-env", CliFixture.WRONG_PASSWORD_ENV,
                "--trust-anchors", files.resolve("root.pem"));
        assertThat(wrongPassword.exit()).isEqualTo(2);

        Result imported = run("admin", "external-import", "--data", data, "--address", "alice@example.org",
                "--p12", files.resolve("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV,
                "--trust-anchors", files.resolve("root.pem"));
        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).startsWith("imported ").contains("for alice@example.org");

        try (Database db = Database.open(DatabaseConfig.embedded(data))) {
            assertThat(new ExternalCertificates(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC())
                    .chains("alice@example.org")).singleElement().satisfies(chain ->
                    assertThat(chain.get(0)).isEqualTo(CliFixture.ALICE.certificate()));
        }
    }
}
