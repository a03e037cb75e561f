package org.sealpost.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.testing.TestDatabase;

/**
 * Business API keys on H2 and PostgreSQL: the secret shown once and stored only as a hash, disabling
 * final and audited, the last use recorded at most once a minute, bad names and domains refused.
 */
class ApiKeysTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aKeyAuthenticatesUntilItIsDisabledAndOnlyItsHashIsStored(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        ApiKeys keys = keys(db, audit, T0);

        CreatedApiKey acme = keys.create("acme-gateway", "Bücher.Example", "operator:cli");
        CreatedApiKey other = keys.create("other", null, "operator:cli");

        assertThat(acme.secret()).startsWith("spk_").hasSize(47).matches("spk_[A-Za-z0-9_-]{43}");
        assertThat(acme.secret()).isNotEqualTo(other.secret());
        assertThat(acme.toString()).doesNotContain(acme.secret(), acme.secret().substring(4));
        assertThat(acme.key().org()).hasValue("xn--bcher-kva.example");
        assertThat(acme.key().id()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(other.key().id());
        assertThat(keys.authenticate(acme.secret()).map(ApiKey::name)).hasValue("acme-gateway");
        assertThat(keys.authenticate(other.secret()).map(ApiKey::id)).hasValue(other.key().id());
        assertThat(keys.authenticate(acme.secret().substring(0, 46) + (acme.secret().endsWith("x") ? "y" : "x"))).isEmpty();
        assertThat(keys.authenticate("spa_" + acme.secret().substring(4))).isEmpty();
        assertThat(keys.authenticate("Bearer " + acme.secret())).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        // Only the hash is stored: no column holds the key or any "spk_" text.
        assertThat(everyValue(db)).noneMatch(v -> v.contains(acme.secret().substring(4)) || v.contains("spk_"));

        keys.disable("acme-gateway", "operator:cli");
        assertThat(keys.authenticate(acme.secret())).isEmpty();
        assertThat(keys.authenticate(other.secret())).isPresent();
        assertThat(keys.list()).extracting(ApiKey::name, ApiKey::active)
                .containsExactly(Tuple.tuple("acme-gateway", false), Tuple.tuple("other", true));
        assertThatThrownBy(() -> keys.disable("acme-gateway", "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThatThrownBy(() -> keys.disable("nobody", "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.NOT_FOUND));

        List<AuditRecord> records = audit.tail(100);
        assertThat(records).extracting(AuditRecord::action, AuditRecord::actor, AuditRecord::subject).containsExactly(
                Tuple.tuple("apikey.create", "operator:cli", "apikey:acme-gateway"),
                Tuple.tuple("apikey.create", "operator:cli", "apikey:other"),
                Tuple.tuple("apikey.disable", "operator:cli", "apikey:acme-gateway"));
        assertThat(records.get(0).details()).isEqualTo("id=" + acme.key().id() + " org=xn--bcher-kva.example");
        assertThat(records).allSatisfy(r -> assertThat(r.details() + r.subject()).doesNotContain("spk_"));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void theLastUseIsRecordedAtMostOnceAMinute(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        CreatedApiKey key = keys(db, audit, T0).create("gw", null, "operator:cli");
        assertThat(keys(db, audit, T0).list()).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isEmpty());

        keys(db, audit, T0.plusSeconds(5)).authenticate(key.secret());
        keys(db, audit, T0.plusSeconds(50)).authenticate(key.secret());
        assertThat(lastUsed(db, audit)).isEqualTo(T0.plusSeconds(5));

        keys(db, audit, T0.plusSeconds(70)).authenticate(key.secret());
        assertThat(lastUsed(db, audit)).isEqualTo(T0.plusSeconds(70));
        assertThat(keys(db, audit, T0.plus(Duration.ofHours(3))).authenticate(key.secret())).isPresent();
        assertThat(lastUsed(db, audit)).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void badKeysAreRefusedAndNothingIsStored(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        ApiKeys keys = keys(db, audit, T0);

        for (String name : new String[] {"Acme Gateway", "", "-dash", "x".repeat(65), "ümlaut"}) {
            assertThatThrownBy(() -> keys.create(name, null, "operator:cli")).as(name).isInstanceOfSatisfying(IdentityProblem.class,
                    e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID));
        }
        assertThatThrownBy(() -> keys.create(null, null, "operator:cli")).isInstanceOf(IdentityProblem.class);
        assertThatThrownBy(() -> keys.create("gw", "localhost", "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID));
        assertThatThrownBy(() -> keys.create("gw", "exa mple.org", "operator:cli")).isInstanceOf(IdentityProblem.class);
        assertThat(keys.list()).isEmpty();
        assertThat(audit.tail(10)).isEmpty();

        keys.create("gw", "example.org", "operator:cli");
        assertThatThrownBy(() -> keys.create("gw", null, "operator:cli")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(keys.list()).hasSize(1);
        assertThat(audit.tail(10)).hasSize(1);
    }

    private static ApiKeys keys(Database db, AuditLog audit, Instant now) {
        return new ApiKeys(db, audit, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }

    private static Instant lastUsed(Database db, AuditLog audit) {
        return keys(db, audit, T0).list().get(0).lastUsedAt().orElseThrow();
    }

    private static List<String> everyValue(Database db) {
        return db.inTransaction(c -> {
            List<String> values = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM api_key")) {
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
