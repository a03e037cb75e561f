package org.sealpost.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;

/** Admin accounts on H2 and PostgreSQL: tokens kept only as hashes, roles and domains checked, disabling audited and final. */
class AdminAccountsTest {

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aTokenAuthenticatesItsAccountUntilItIsDisabled(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        AdminAccounts accounts = new AdminAccounts(db, audit, Clock.systemUTC(), new SecureRandom());

        CreatedAccount olga = accounts.create("olga", AdminRole.OPERATOR, null, "operator:cli");
        CreatedAccount wanda = accounts.create("wanda", AdminRole.ORG_ADMIN, "Bücher.Example", "operator:cli");

        assertThat(olga.token()).startsWith("spa_").hasSize(47);
        assertThat(olga.toString()).doesNotContain(olga.token());
        assertThat(wanda.account().domain()).hasValue("xn--bcher-kva.example");
        assertThat(accounts.authenticate(olga.token())).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(AdminRole.OPERATOR));
        assertThat(accounts.authenticate(wanda.token()).map(AdminAccount::name)).hasValue("wanda");
        assertThat(accounts.authenticate(olga.token().substring(0, 46) + "x")).isEmpty();
        assertThat(accounts.authenticate("Bearer nonsense")).isEmpty();
        assertThat(accounts.authenticate(null)).isEmpty();
        // Only the hash is stored: no column holds the token.
        assertThat(everyValue(db)).noneMatch(v -> v.contains(olga.token().substring(4)));

        accounts.disable("olga", "operator:cli");
        assertThat(accounts.authenticate(olga.token())).isEmpty();
        assertThat(accounts.list()).extracting(AdminAccount::name, AdminAccount::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("olga", false), org.assertj.core.groups.Tuple.tuple("wanda", true));
        assertThatThrownBy(() -> accounts.disable("olga", "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThatThrownBy(() -> accounts.disable("nobody", "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.NOT_FOUND));

        List<AuditRecord> records = audit.tail(100);
        assertThat(records).extracting(AuditRecord::action)
                .containsExactly("admin.account.create", "admin.account.create", "admin.account.disable");
        assertThat(records).allSatisfy(r -> assertThat(r.details() + r.subject()).doesNotContain(olga.token(), wanda.token()));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void badAccountsAreRefusedAndNothingIsStored(TestDatabase testDb) {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        AdminAccounts accounts = new AdminAccounts(db, audit, Clock.systemUTC(), new SecureRandom());

        assertInvalid(() -> accounts.create("Olga Smith", AdminRole.OPERATOR, null, "operator:cli"));
        assertInvalid(() -> accounts.create("", AdminRole.OPERATOR, null, "operator:cli"));
        assertInvalid(() -> accounts.create("olga", AdminRole.OPERATOR, "example.org", "operator:cli"));
        assertInvalid(() -> accounts.create("wanda", AdminRole.ORG_ADMIN, null, "operator:cli"));
        assertInvalid(() -> accounts.create("wanda", AdminRole.ORG_ADMIN, "localhost", "operator:cli"));
        assertInvalid(() -> accounts.create("wanda", AdminRole.ORG_ADMIN, "exa mple.org", "operator:cli"));
        assertThat(accounts.list()).isEmpty();
        assertThat(audit.tail(10)).isEmpty();

        try {
            accounts.create("olga", AdminRole.OPERATOR, null, "operator:cli");
        } catch (IdentityProblem e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> accounts.create("olga", AdminRole.ORG_ADMIN, "example.org", "operator:cli"))
                .isInstanceOfSatisfying(IdentityProblem.class, e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(accounts.list()).hasSize(1);
        assertThat(audit.tail(10)).hasSize(1);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID));
    }

    private static List<String> everyValue(Database db) {
        return db.inTransaction(c -> {
            List<String> values = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM admin_account")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        values.add(String.valueOf(rs.getObject(i)));
                    }
                }
            }
            return values;
        });
    }
}
