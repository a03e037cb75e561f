package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.kms.EmbeddedVaults;
import org.sealpost.kms.KeyPairFactory;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.ProtectionSettings;
import org.sealpost.kms.recovery.RecoveryOfficers;
import org.sealpost.kms.recovery.RecoveryService;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;

/**
 * {@code sealpost admin recovery statement --data DIR --request ID [--deny] [--out FILE]}: prints or
 * writes the exact statement an officer signs; an unknown or malformed id is exit 2 with one line.
 */
class AdminRecoveryCommandTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPairFactory KEYS = new KeyPairFactory(RANDOM);

    @TempDir
    Path data;

    /** A request for alice@example.org in DIR's embedded database; its id. */
    private String openRequest() {
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(DatabaseConfig.embedded(data));
             EmbeddedVaults vaults = EmbeddedVaults.open(data, 2, RANDOM);
             KeyPool pool = new KeyPool(KEYS, new KeyPoolSettings(Map.of(), 1))) {
            AuditLog audit = new AuditLog(db, clock);
            KeyService keys = new KeyService(db, audit, pool, vaults.clients(), 2,
                    new KeyProtection(db, audit, clock, RANDOM, ProtectionSettings.defaults()), clock, RANDOM);
            keys.create("alice@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
            RecoveryOfficers officers = new RecoveryOfficers(db, audit, clock, RANDOM);
            officers.add("example.org", "Ann Archer", KEYS.generate(KeySpec.EC_P256).getPublic(), "admin:carol");
            officers.add("example.org", "Bo Berg", KEYS.generate(KeySpec.EC_P384).getPublic(), "admin:carol");
            officers.setPolicy("example.org", 2, "admin:carol");
            return new RecoveryService(db, audit, keys, clock, RANDOM, RecoveryService.DEFAULT_LIFETIME)
                    .open("alice@example.org", KEYS.generate(KeySpec.EC_P256).getPublic(), "Case 2026-041", "admin:carol").requestId();
        }
    }

    @Test
    void printsAndWritesTheStatementToSign() throws Exception {
        String id = openRequest();
        Path approve = data.resolve("approve.txt");
        Result written = run("admin", "recovery", "statement", "--data", data, "--request", id, "--out", approve);
        assertThat(written.exit()).as(written.toString()).isZero();
        String text = Files.readString(approve, StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(9);
        assertThat(text).startsWith("sealpost legal-hold recovery statement v1\ndecision: approve\nrequest: " + id + "\n")
                .contains("\naddress: alice@example.org\n", "\nreason: Case 2026-041\n", "\nrequested-by: admin:carol\n")
                .endsWith("\n").doesNotContain("\r");

        Result printed = run("admin", "recovery", "statement", "--data", data, "--request", id);
        assertThat(printed.exit()).as(printed.toString()).isZero();
        assertThat(printed.out()).isEqualTo(text);

        Path deny = data.resolve("deny.txt");
        assertThat(run("admin", "recovery", "statement", "--data", data, "--request", id, "--deny", "--out", deny).exit()).isZero();
        assertThat(Files.readString(deny, StandardCharsets.UTF_8)).isEqualTo(text.replace("decision: approve", "decision: deny"));
    }

    @Test
    void anUnknownOrMalformedRequestIdIsAUsageError() {
        openRequest();
        Result unknown = run("admin", "recovery", "statement", "--data", data, "--request", "AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.errLines()).containsExactly("sealpost: there is no recovery request AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.out()).isEmpty();

        Result malformed = run("admin", "recovery", "statement", "--data", data, "--request", "../../etc/passwd");
        assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.errLines()).singleElement().asString().startsWith("sealpost: not a request id");

        Result noDatabase = run("admin", "recovery", "statement", "--data", data.resolve("nowhere"), "--request", "AAAA");
        assertThat(noDatabase.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDatabase.errLines()).singleElement().asString().startsWith("sealpost: no database in");
    }
}
