package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.run;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.identity.IdentityLevel;
import org.sealpost.server.identity.IdentityRequests;
import org.sealpost.server.identity.RequestStatus;
import org.sealpost.server.identity.SubjectDetails;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;

/**
 * {@code sealpost admin account create|list|disable} and {@code admin identity list|approve|reject}
 * on the embedded database: the token printed once and usable, decisions in an operator's name and
 * audited, bad input exit 2 with one line and nothing changed.
 */
class AdminIdentityCommandTest {
    @TempDir
    Path data;

    private Database open() {
        return Database.open(DatabaseConfig.embedded(data));
    }

    /** A pending V2 request of alice@example.org's device; its id. */
    private String pendingRequest() throws Exception {
        try (Database db = open()) {
            var device = CliFixture.ALICE.certificate();
            return new IdentityRequests(db, new AuditLog(db, Clock.systemUTC()), Optional.empty(), Clock.systemUTC(),
                    new SecureRandom()).submit(new AuthenticatedDevice("alice@example.org", device.getSerialNumber(), device),
                    IdentityLevel.V2, SubjectDetails.checked("Alice", "Archer", null, null, "Berlin", null, "DE")).request().id();
        }
    }

    @Test
    void accountsAreCreatedListedAndDisabled() throws Exception {
        open().close();
        Result created = run("admin", "account", "create", "--data", data, "--name", "olga", "--role", "operator");
        assertThat(created.exit()).as(created.toString()).isZero();
        String token = created.out().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        Result org = run("admin", "account", "create", "--data", data, "--name", "wanda", "--role", "org-admin",
                "--domain", "widgets.example");
        assertThat(org.exit()).as(org.toString()).isZero();
        try (Database db = open()) {
            assertThat(new AdminAccounts(db, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC(), new SecureRandom())
                    .authenticate(token)).hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("olga"));
        }

        Result listed = run("admin", "account", "list", "--data", data);
        assertThat(listed.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("wanda\torg-admin\twidgets.example\tactive"));
        assertThat(listed.out()).doesNotContain(token);

        assertThat(run("admin", "account", "disable", "--data", data, "--name", "olga").exit()).isZero();
        assertThat(run("admin", "account", "list", "--data", data).out()).contains("olga\toperator\t-\tdisabled");

        Result again = run("admin", "account", "disable", "--data", data, "--name", "olga");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.errLines()).singleElement().satisfies(l -> assertThat(l).contains("disabled already"));
        Result badRole = run("admin", "account", "create", "--data", data, "--name", "x", "--role", "root");
        assertThat(badRole.exit()).isEqualTo(2);
        Result noDomain = run("admin", "account", "create", "--data", data, "--name", "y", "--role", "org-admin");
        assertThat(noDomain.exit()).isEqualTo(2);
        assertThat(noDomain.errLines()).singleElement().satisfies(l -> assertThat(l).contains("domain"));
        assertThat(run("admin", "account", "list", "--data", data).out().lines()).hasSize(2);
    }

    @Test
    void anOperatorApprovesAndRejectsV2Requests() throws Exception {
        String first = pendingRequest();
        String second = pendingRequestOfAnotherDevice();
        assertThat(run("admin", "account", "create", "--data", data, "--name", "olga", "--role", "operator").exit()).isZero();
        assertThat(run("admin", "account", "create", "--data", data, "--name", "wanda", "--role", "org-admin",
                "--domain", "example.org").exit()).isZero();

        Result listed = run("admin", "identity", "list", "--data", data, "--operator", "olga");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains(first + "\tV2\tpending\talice@example.org\tgivenName=Alice surname=Archer locality=Berlin country=DE\t");

        // An org admin's name does not make an operator.
        Result notOperator = run("admin", "identity", "approve", "--data", data, "--operator", "wanda", "--request", first);
        assertThat(notOperator.exit()).isEqualTo(2);
        assertThat(notOperator.errLines()).singleElement().satisfies(l -> assertThat(l).contains("not an active operator"));

        assertThat(run("admin", "identity", "approve", "--data", data, "--operator", "olga", "--request", first).exit()).isZero();
        Result rejected = run("admin", "identity", "reject", "--data", data, "--operator", "olga", "--request", second,
                "--reason", "name does not match the ID document");
        assertThat(rejected.exit()).as(rejected.toString()).isZero();

        Result twice = run("admin", "identity", "approve", "--data", data, "--operator", "olga", "--request", first);
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.errLines()).singleElement().satisfies(l -> assertThat(l).contains("not pending"));
        assertThat(run("admin", "identity", "approve", "--data", data, "--operator", "olga", "--request", "nope").exit())
                .isEqualTo(2);
        assertThat(run("admin", "identity", "list", "--data", data, "--operator", "olga", "--status", "maybe").exit())
                .isEqualTo(2);

        try (Database db = open()) {
            IdentityRequests requests = new IdentityRequests(db, new AuditLog(db, Clock.systemUTC()), Optional.empty(),
                    Clock.systemUTC(), new SecureRandom());
            assertThat(requests.find(first).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
            assertThat(requests.find(second).orElseThrow().reason()).hasValue("name does not match the ID document");
            assertThat(new AuditLog(db, Clock.systemUTC()).tail(100)).extracting(AuditRecord::action, AuditRecord::actor)
                    .contains(org.assertj.core.groups.Tuple.tuple("identity.request.approve", "admin:olga"),
                            org.assertj.core.groups.Tuple.tuple("identity.request.reject", "admin:olga"));
        }
    }

    private String pendingRequestOfAnotherDevice() throws Exception {
        try (Database db = open()) {
            var device = CliFixture.BOB.certificate();
            return new IdentityRequests(db, new AuditLog(db, Clock.systemUTC()), Optional.empty(), Clock.systemUTC(),
                    new SecureRandom()).submit(new AuthenticatedDevice("bob@example.org", device.getSerialNumber(), device),
                    IdentityLevel.V2, SubjectDetails.checked("Bob", "Baker", null, null, "Bonn", null, "DE")).request().id();
        }
    }
}
