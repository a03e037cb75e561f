package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.vault.Vault;
import org.sealpost.vault.VaultClient;

/**
 * What must hold after a crash, once a key service opened on the same database and vaults has run
 * {@code cleanUpPending(Duration.ZERO)}: no pending row; at most one current key per address; every
 * key of every address's history released, opened with the transport key and matching its stored
 * public key; every key the dead process reported as created still there; exactly one
 * {@code kms.create} audit record per key; the audit chain intact; and, where the vaults' stores can
 * be read directly, each vault holding exactly the shares of the keys that name it (no orphan, none missing).
 */
final class CrashInvariants {
    private static final Duration ALL_PENDING = Duration.ZERO;

    private final DatabaseConfig config;
    private final List<VaultClient> vaults;

    /** @param vaults the vaults in share order, as the crashed key service had them */
    CrashInvariants(DatabaseConfig config, List<VaultClient> vaults) {
        this.config = config;
        this.vaults = List.copyOf(vaults);
    }

    /** A row of {@code kms_key}, whatever its status. */
    private record Row(String keyId, String address, KeyStatus status, List<String> vaultIds) {
    }

    /**
     * Cleans up and checks.
     *
     * @param acknowledged the key ids the crashed process reported as created
     * @param stores       the vaults' own stores, to list their shares; empty while they run elsewhere
     * @return the number of pending rows the clean-up removed
     */
    int cleanUpAndCheck(Set<String> acknowledged, List<Vault> stores) {
        // Opened and closed here: the next child must find the H2 file free (AUTO_SERVER would otherwise route it through us).
        try (Database db = Database.open(config.withMaxPoolSize(2));
             KeyPool pool = new KeyPool(new KeyPairFactory(KeyServiceRig.RANDOM), new KeyPoolSettings(Map.of(), 1))) {
            Clock clock = Clock.systemUTC();
            AuditLog audit = new AuditLog(db, clock);
            KeyService service = new KeyService(db, audit, pool, vaults, vaults.size(),
                    new KeyProtection(db, audit, clock, KeyServiceRig.RANDOM, KeyServiceRig.PROTECTION), clock, KeyServiceRig.RANDOM);

            int cleaned = service.cleanUpPending(ALL_PENDING);
            List<Row> rows = rows(db);
            assertThat(rows).as("pending rows after the clean-up").noneMatch(r -> r.status() == KeyStatus.PENDING);
            assertThat(rows.stream().map(Row::keyId).toList()).as("keys reported as created by the killed process")
                    .containsAll(acknowledged);
            Map<String, Long> current = rows.stream().filter(r -> r.status() == KeyStatus.ACTIVE || r.status() == KeyStatus.PROVISIONAL)
                    .collect(Collectors.groupingBy(Row::address, Collectors.counting()));
            assertThat(current).as("current keys per address").allSatisfy((address, n) -> assertThat(n).as(address).isEqualTo(1));

            KeyPair transport = KeyServiceRig.transportKey();
            ReleasePackage packages = new ReleasePackage(KeyServiceRig.RANDOM);
            KeyMaterialCheck check = new KeyMaterialCheck(KeyServiceRig.RANDOM);
            for (String address : rows.stream().map(Row::address).collect(Collectors.toCollection(TreeSet::new))) {
                List<KeyRecord> history = db.inTransaction(c -> new KeyRepository().history(c, address));
                List<ReleasedKey> released = packages.open(service.release(address, transport.getPublic(), Optional.empty(), "test:after-crash"),
                        transport.getPrivate(), transport.getPublic());
                assertThat(released).extracting(ReleasedKey::keyId).as("released history of %s", address)
                        .containsExactlyElementsOf(history.stream().map(KeyRecord::keyId).toList());
                for (int i = 0; i < history.size(); i++) {
                    assertThat(check.matches(history.get(i).decodePublicKey(), released.get(i).key()))
                            .as("released key %s matches its stored public key", history.get(i).keyId()).isTrue();
                }
            }

            List<String> created = audit.tail(Integer.MAX_VALUE).stream().filter(r -> r.action().equals("kms.create"))
                    .map(AuditRecord::subject).toList();
            assertThat(created).as("one kms.create audit record per key").containsExactlyInAnyOrderElementsOf(rows.stream().map(Row::keyId).toList());
            assertThat(audit.verify()).as("audit chain").isInstanceOf(AuditVerification.Intact.class);

            for (Vault store : stores) {
                assertThat(store.keyIds()).as("shares in vault %s: exactly those of the keys naming it", store.vaultId())
                        .containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.vaultIds().contains(store.vaultId()))
                                .map(Row::keyId).toList());
            }
            return cleaned;
        }
    }

    private static List<Row> rows(Database db) {
        return db.inTransaction(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, address, status, vault_ids FROM kms_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), KeyStatus.fromDbValue(rs.getString(3)), List.of(rs.getString(4).split(","))));
                }
            }
            return rows;
        });
    }
}
