package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** The share store on H2 and PostgreSQL: round trip, no overwrite, and tampering detected. */
class VaultTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private FileKek kek(String name) {
        return FileKek.create(dir.resolve(name), RANDOM);
    }

    private static byte[] share(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void storesReturnsAndDeletesShares(TestDatabase testDb) {
        Database db = testDb.open();
        Vault vault = new Vault(UUID.randomUUID().toString(), db, kek("a.key"), Clock.systemUTC());
        byte[] s1 = share(33);
        byte[] s2 = share(Vault.MAX_SHARE_BYTES);
        assertThat(vault.put("key-1", s1)).isTrue();
        assertThat(vault.put("key_2", s2)).isTrue();
        assertThat(vault.get("key-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(s1));
        assertThat(vault.get("key_2")).hasValueSatisfying(v -> assertThat(v).isEqualTo(s2));
        assertThat(vault.get("absent")).isEmpty();
        assertThat(vault.keyIds()).containsExactly("key-1", "key_2");

        // Idempotent for the same bytes, refused for others.
        assertThat(vault.put("key-1", s1.clone())).isFalse();
        assertThatThrownBy(() -> vault.put("key-1", share(33))).isInstanceOf(ShareConflictException.class)
                .hasMessageContaining("key-1");
        assertThat(vault.get("key-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(s1));

        // Only ciphertext in the database.
        byte[] stored = sealed(db, "key-1");
        assertThat(stored).hasSize(Kek.NONCE_BYTES + s1.length + Kek.TAG_BYTES);
        assertThat(indexOf(stored, Arrays.copyOf(s1, 16))).isNegative();

        assertThat(vault.delete("key-1")).isTrue();
        assertThat(vault.delete("key-1")).isFalse();
        assertThat(vault.get("key-1")).isEmpty();
        assertThat(vault.put("key-1", s2)).as("a deleted id may be used again").isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aTamperedOrMovedRowFailsAuthentication(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        Vault vault = new Vault(UUID.randomUUID().toString(), db, kek("a.key"), Clock.systemUTC());
        vault.put("victim", share(40));
        vault.put("other", share(40));

        // One flipped ciphertext bit.
        byte[] sealed = sealed(db, "victim");
        sealed[Kek.NONCE_BYTES + 3] ^= 1;
        update(db, "victim", sealed);
        assertThatThrownBy(() -> vault.get("victim")).isExactlyInstanceOf(VaultException.class)
                .hasMessage("share for key victim failed authentication: tampered or wrong vault");
        // A put over a damaged row is refused too, never silently replaced.
        assertThatThrownBy(() -> vault.put("victim", share(40))).isExactlyInstanceOf(VaultException.class);

        // Another key's row copied over this key id.
        update(db, "victim", sealed(db, "other"));
        assertThatThrownBy(() -> vault.get("victim")).isExactlyInstanceOf(VaultException.class)
                .hasMessageContaining("failed authentication");
        // ... and inserted under a new key id.
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vault_share (key_id, kek_type, sealed, created_at) SELECT 'copy', kek_type, sealed, created_at "
                            + "FROM vault_share WHERE key_id = 'other'")) {
                return ps.executeUpdate();
            }
        });
        assertThatThrownBy(() -> vault.get("copy")).hasMessageContaining("share for key copy failed authentication");
        assertThat(vault.get("other")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void readsManySharesAtOnceAndReportsATamperedRowPerKey(TestDatabase testDb) {
        Database db = testDb.open();
        Vault vault = new Vault(UUID.randomUUID().toString(), db, kek("a.key"), Clock.systemUTC());
        byte[] s1 = share(1200);
        byte[] s2 = share(33);
        byte[] s3 = share(40);
        vault.put("k1", s1);
        vault.put("k2", s2);
        vault.put("k3", s3);
        byte[] sealed = sealed(db, "k3");
        sealed[sealed.length - 1] ^= 1;
        update(db, "k3", sealed);

        ShareBatch batch = vault.getAll(List.of("k1", "k2", "k3", "absent", "k1"));
        assertThat(batch.shares()).containsOnlyKeys("k1", "k2");
        assertThat(batch.shares().get("k1")).isEqualTo(s1);
        assertThat(batch.shares().get("k2")).isEqualTo(s2);
        assertThat(batch.failures()).containsExactly(Map.entry("k3", "share for key k3 failed authentication: tampered or wrong vault"));
        assertThat(batch.toString()).contains("k1", "k3").doesNotContain(Arrays.toString(s2));
        byte[] held = batch.shares().get("k1");
        batch.wipe();
        assertThat(held).containsOnly(0);

        assertThat(vault.getAll(List.of()).shares()).isEmpty();
        assertThat(vault.getAll(List.of("absent")).shares()).isEmpty();
        assertThat(vault.getAll(List.of("absent")).failures()).isEmpty();
    }

    @Test
    void aBatchReadIsBoundedAndRefusesBadKeyIds() throws Exception {
        try (TestDatabase h2 = TestDatabases.h2()) {
            Vault vault = new Vault("v", h2.open(), kek("a.key"), Clock.systemUTC());
            List<String> max = IntStream.range(0, KeyIds.MAX_BATCH).mapToObj(i -> "key-" + i).toList();
            vault.put("key-7", share(10));
            assertThat(vault.getAll(max).shares()).containsOnlyKeys("key-7");
            List<String> tooMany = IntStream.range(0, KeyIds.MAX_BATCH + 1).mapToObj(i -> "key-" + i).toList();
            assertThatThrownBy(() -> vault.getAll(tooMany)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a batch read asks for at most 256 key ids, not 257");
            assertThatThrownBy(() -> vault.getAll(List.of("key-7", "a/b"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid key id");
        }
    }

    @Test
    void twoVaultsCannotReadEachOthersRows() throws Exception {
        try (TestDatabase aDb = TestDatabases.h2(); TestDatabase bDb = TestDatabases.h2()) {
            Database a = aDb.open();
            Database b = bDb.open();
            Vault vaultA = new Vault(UUID.randomUUID().toString(), a, kek("a.key"), Clock.systemUTC());
            FileKek kekB = kek("b.key");
            Vault vaultB = new Vault(UUID.randomUUID().toString(), b, kekB, Clock.systemUTC());
            vaultA.put("k", share(20));
            vaultB.put("placeholder", share(20));
            insert(b, "k", sealed(a, "k"));
            assertThatThrownBy(() -> vaultB.get("k")).isExactlyInstanceOf(VaultException.class)
                    .hasMessage("share for key k failed authentication: tampered or wrong vault");

            // Even under the same KEK, a row does not open in a vault with another id (the AAD binds it).
            Vault sameKekOtherId = new Vault(UUID.randomUUID().toString(), b, kekB, Clock.systemUTC());
            assertThatThrownBy(() -> sameKekOtherId.get("placeholder")).isInstanceOf(VaultException.class);
        }
    }

    @Test
    void refusesBadKeyIdsAndShareSizes() throws Exception {
        try (TestDatabase h2 = TestDatabases.h2()) {
            Vault vault = new Vault("v", h2.open(), kek("a.key"), Clock.systemUTC());
            for (String bad : new String[] {"", "a/b", "a b", "ä", "x".repeat(129), "../x"}) {
                assertThatThrownBy(() -> vault.put(bad, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("invalid key id");
                assertThatThrownBy(() -> vault.get(bad)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(vault.put("x".repeat(128), new byte[1])).isTrue();
            assertThatThrownBy(() -> vault.put("empty", new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> vault.put("big", new byte[Vault.MAX_SHARE_BYTES + 1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentPutsOfTheSameShareAllSucceed() throws Exception {
        try (TestDatabase h2 = TestDatabases.h2()) {
            Vault vault = new Vault("v", h2.open(), kek("a.key"), Clock.systemUTC());
            byte[] s = share(50);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> vault.put("race", s.clone())));
                }
                int created = 0;
                for (var f : futures) {
                    created += f.get() ? 1 : 0;
                }
                assertThat(created).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(vault.get("race")).hasValueSatisfying(v -> assertThat(v).isEqualTo(s));
        }
    }

    @Test
    void theAssociatedDataIsUnambiguous() {
        assertThat(Vault.aad("ab", "c")).isNotEqualTo(Vault.aad("a", "bc"));
        assertThat(Vault.aad("v", "k")).isEqualTo(Vault.aad("v", "k"));
        assertThat(Files.exists(dir)).isTrue();
    }

    static byte[] sealed(Database db, String keyId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM vault_share WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getBytes(1);
                }
            }
        });
    }

    private static void update(Database db, String keyId, byte[] sealed) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vault_share SET sealed = ? WHERE key_id = ?")) {
                ps.setBytes(1, sealed);
                ps.setString(2, keyId);
                return ps.executeUpdate();
            }
        });
    }

    private static void insert(Database db, String keyId, byte[] sealed) {
        db.inTransaction((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vault_share (key_id, kek_type, sealed, created_at) VALUES (?, 'file', ?, CURRENT_TIMESTAMP)")) {
                ps.setString(1, keyId);
                ps.setBytes(2, sealed);
                return ps.executeUpdate();
            }
        });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
