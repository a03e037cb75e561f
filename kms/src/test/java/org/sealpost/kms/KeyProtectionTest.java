package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;

/** The protection password on H2 and PostgreSQL, with a clock the test moves. */
class KeyProtectionTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "correct horse battery staple";
    // Tiny Argon2 cost: the rules are under test here, not the hash's strength.
    private static final ProtectionSettings SETTINGS =
            new ProtectionSettings(new Argon2Settings(64, 1, 1), 5, Duration.ofMinutes(1), Duration.ofMinutes(10));

    private final MutableClock clock = new MutableClock(START);

    private KeyProtection protection(Database db) {
        return new KeyProtection(db, new AuditLog(db, clock), clock, new SecureRandom(), SETTINGS);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void rightPasswordPassesAndResetsTheCounter(TestDatabase testDb) {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.NotProtected());

        protection.setPassword("Alice@Example.org", SECRET.toCharArray());
        assertThat(protection.isProtected("alice@example.org")).isTrue();
        assertThat(protection.verify("alice@example.org", "wrong".toCharArray())).isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.verify("alice@example.org", "wrong".toCharArray())).isEqualTo(new PasswordCheck.Wrong(3));
        PasswordCheck ok = protection.verify("alice@example.org", SECRET.toCharArray());
        assertThat(ok).isEqualTo(new PasswordCheck.Ok());
        assertThat(ok.allowsRelease()).isTrue();
        // Counter reset: a full set of tries again.
        assertThat(protection.verify("alice@example.org", "wrong".toCharArray())).isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.verify("alice@example.org", new char[0])).isEqualTo(new PasswordCheck.Wrong(3));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void fiveWrongTriesLockEvenTheRightPasswordAndDelaysGrow(TestDatabase testDb) {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        protection.setPassword("alice@example.org", SECRET.toCharArray());
        for (int remaining = 4; remaining >= 1; remaining--) {
            assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Wrong(remaining));
        }
        PasswordCheck fifth = protection.verify("alice@example.org", "guess".toCharArray());
        assertThat(fifth).isEqualTo(new PasswordCheck.Locked(START.plus(Duration.ofMinutes(1))));
        assertThat(fifth.allowsRelease()).isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.Locked(START.plus(Duration.ofMinutes(1))));

        // After the lock-out the next wrong try locks again, twice as long.
        clock.advance(Duration.ofSeconds(1));
        Instant t1 = clock.instant();
        assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Locked(t1.plus(Duration.ofMinutes(2))));
        clock.advance(Duration.ofMinutes(2));
        Instant t2 = clock.instant();
        assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Locked(t2.plus(Duration.ofMinutes(4))));
        clock.advance(Duration.ofMinutes(4));
        Instant t3 = clock.instant();
        assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Locked(t3.plus(Duration.ofMinutes(8))));
        clock.advance(Duration.ofMinutes(8));
        Instant t4 = clock.instant();
        // Capped at 10 minutes.
        assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Locked(t4.plus(Duration.ofMinutes(10))));

        clock.advance(Duration.ofMinutes(10));
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.Ok());
        assertThat(protection.verify("alice@example.org", "guess".toCharArray())).isEqualTo(new PasswordCheck.Wrong(4));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void everyAttemptIsAuditedWithoutThePassword(TestDatabase testDb) {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        AuditLog audit = new AuditLog(db, clock);
        protection.setPassword("alice@example.org", SECRET.toCharArray());
        protection.verify("alice@example.org", "guess-one".toCharArray());
        protection.verify("alice@example.org", SECRET.toCharArray());
        protection.setPassword("alice@example.org", "new secret".toCharArray());
        assertThat(protection.clearPassword("alice@example.org")).isTrue();
        assertThat(protection.clearPassword("alice@example.org")).isFalse();
        assertThat(protection.isProtected("alice@example.org")).isFalse();

        List<AuditRecord> records = audit.tail(10);
        assertThat(records).extracting(AuditRecord::action).containsExactly("kms.protection.set", "kms.protection.verify",
                "kms.protection.verify", "kms.protection.change", "kms.protection.clear");
        assertThat(records).extracting(AuditRecord::details).containsExactly("", "result=wrong remaining=4", "result=ok", "", "");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.subject()).isEqualTo("alice@example.org");
            assertThat(r.toString()).doesNotContain("guess-one").doesNotContain("horse").doesNotContain("new secret");
        });
        assertThat(audit.verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void onlyTheVerifierIsStored(TestDatabase testDb) {
        Database db = testDb.open();
        protection(db).setPassword("alice@example.org", SECRET.toCharArray());
        byte[][] row = db.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT salt, verifier FROM kms_protection");
                 var rs = ps.executeQuery()) {
                rs.next();
                return new byte[][] {rs.getBytes(1), rs.getBytes(2)};
            }
        });
        assertThat(row[0]).hasSize(16);
        assertThat(row[1]).hasSize(32);
        assertThat(new String(row[1], java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("horse");
        assertThat(row[1]).isEqualTo(KeyProtection.hash(SECRET.toCharArray(), row[0], SETTINGS.argon2()));
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void theOwnerSetsChangesAndRemovesThePasswordWithTheCurrentOne(TestDatabase testDb) {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        AuditLog audit = new AuditLog(db, clock);
        assertThat(protection.setFirstPassword("alice@example.org", SECRET.toCharArray(), "device:a1")).isTrue();
        // A second "first" password never replaces the one set.
        assertThat(protection.setFirstPassword("alice@example.org", "other".toCharArray(), "device:b2")).isFalse();
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.Ok());

        assertThat(protection.changePassword("alice@example.org", "guess".toCharArray(), "new secret".toCharArray(), "device:b2"))
                .isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).as("unchanged after a wrong current password")
                .isEqualTo(new PasswordCheck.Ok());
        assertThat(protection.changePassword("alice@example.org", SECRET.toCharArray(), "new secret".toCharArray(), "device:b2"))
                .isEqualTo(new PasswordCheck.Ok());
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.verify("alice@example.org", "new secret".toCharArray())).isEqualTo(new PasswordCheck.Ok());

        assertThat(protection.removePassword("alice@example.org", SECRET.toCharArray(), "device:a1")).isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.isProtected("alice@example.org")).isTrue();
        assertThat(protection.removePassword("alice@example.org", "new secret".toCharArray(), "device:a1")).isEqualTo(new PasswordCheck.Ok());
        assertThat(protection.isProtected("alice@example.org")).isFalse();
        assertThat(protection.removePassword("alice@example.org", "new secret".toCharArray(), "device:a1"))
                .isEqualTo(new PasswordCheck.NotProtected());
        assertThat(protection.changePassword("alice@example.org", "x".toCharArray(), "y".toCharArray(), "device:a1"))
                .isEqualTo(new PasswordCheck.NotProtected());
        assertThat(protection.isProtected("alice@example.org")).as("a change never creates a password").isFalse();
        assertThatThrownBy(() -> protection.setFirstPassword("alice@example.org", new char[0], "device:a1"))
                .isInstanceOf(IllegalArgumentException.class);

        List<AuditRecord> records = audit.tail(20);
        assertThat(records).filteredOn(r -> !r.actor().equals("kms")).extracting(r -> r.actor() + " " + r.action() + " " + r.details())
                .containsExactly("device:a1 kms.protection.set ",
                        "device:b2 kms.protection.verify result=wrong remaining=4",
                        "device:b2 kms.protection.verify result=ok",
                        "device:b2 kms.protection.change ",
                        "device:a1 kms.protection.verify result=wrong remaining=4",
                        "device:a1 kms.protection.verify result=ok",
                        "device:a1 kms.protection.clear ",
                        "device:a1 kms.protection.verify result=not-protected",
                        "device:a1 kms.protection.verify result=not-protected");
        assertThat(records).allSatisfy(r -> assertThat(r.toString()).doesNotContain("horse", "new secret", "guess"));
        assertThat(audit.verify()).isInstanceOf(AuditVerification.Intact.class);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void wrongCurrentPasswordsOfChangeAndRemoveCountTowardTheReleaseLockOut(TestDatabase testDb) {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        protection.setPassword("alice@example.org", SECRET.toCharArray());
        assertThat(protection.changePassword("alice@example.org", "g1".toCharArray(), "n".toCharArray(), "device:a1"))
                .isEqualTo(new PasswordCheck.Wrong(4));
        assertThat(protection.removePassword("alice@example.org", "g2".toCharArray(), "device:a1")).isEqualTo(new PasswordCheck.Wrong(3));
        assertThat(protection.verify("alice@example.org", "g3".toCharArray())).isEqualTo(new PasswordCheck.Wrong(2));
        assertThat(protection.changePassword("alice@example.org", "g4".toCharArray(), "n".toCharArray(), "device:a1"))
                .isEqualTo(new PasswordCheck.Wrong(1));
        Instant until = START.plus(Duration.ofMinutes(1));
        assertThat(protection.removePassword("alice@example.org", "g5".toCharArray(), "device:a1")).isEqualTo(new PasswordCheck.Locked(until));
        // Locked: the right current password neither changes nor removes it.
        assertThat(protection.changePassword("alice@example.org", SECRET.toCharArray(), "n".toCharArray(), "device:a1"))
                .isEqualTo(new PasswordCheck.Locked(until));
        assertThat(protection.removePassword("alice@example.org", SECRET.toCharArray(), "device:a1")).isEqualTo(new PasswordCheck.Locked(until));
        clock.advance(Duration.ofMinutes(1));
        assertThat(protection.verify("alice@example.org", SECRET.toCharArray())).isEqualTo(new PasswordCheck.Ok());
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void twoDevicesSettingTheFirstPasswordAtOnceGiveExactlyOneWinner(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        KeyProtection protection = protection(db);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String password = "password " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return protection.setFirstPassword("alice@example.org", password.toCharArray(), "device:" + password.hashCode());
                }));
            }
            start.countDown();
            int winners = 0;
            for (var r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(new AuditLog(db, clock).tail(10)).extracting(AuditRecord::action).containsExactly("kms.protection.set");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void argon2idIsDeterministicAndDependsOnTheParameters() {
        byte[] salt = new byte[16];
        byte[] a = KeyProtection.hash("pw".toCharArray(), salt, new Argon2Settings(64, 1, 1));
        byte[] b = KeyProtection.hash("pw".toCharArray(), salt, new Argon2Settings(64, 1, 1));
        byte[] c = KeyProtection.hash("pw".toCharArray(), salt, new Argon2Settings(64, 2, 1));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void settingsAreValidatedAndDelaysDoubleUpToTheCap() {
        ProtectionSettings defaults = ProtectionSettings.defaults();
        assertThat(defaults.maxTries()).isEqualTo(5);
        assertThat(defaults.delay(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.delay(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.delay(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(defaults.delay(1000)).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> new Argon2Settings(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtectionSettings(Argon2Settings.defaults(), 0, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
