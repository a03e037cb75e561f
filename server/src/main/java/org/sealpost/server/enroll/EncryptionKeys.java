package org.sealpost.server.enroll;

import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyRepository;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.storage.Database;

/**
 * An address's encryption key at enrollment: the active key when there is one (a second device gets
 * the same key), the provisional key adopted once its owner proved the mailbox, or a new key.
 */
final class EncryptionKeys {
    private final KeyService keys;
    private final Database db;
    private final KeySpec spec;
    private final KeyRepository repository = new KeyRepository();

    EncryptionKeys(KeyService keys, Database db, KeySpec spec) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.db = Objects.requireNonNull(db, "db");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * The address's active key, made active now if need be.
     *
     * @param actor who proved the mailbox, for the key service's audit record
     * @throws KeyServiceException when no key can be made (a vault down: {@link org.sealpost.kms.VaultsUnavailableException})
     */
    KeyRecord activeFor(String address, String actor) {
        Optional<KeyRecord> current = current(address);
        if (current.isPresent() && current.get().status() == KeyStatus.ACTIVE) {
            return current.get();
        }
        try {
            return current.isPresent() ? keys.activateProvisional(address, actor) : keys.create(address, spec, KeyStatus.ACTIVE);
        } catch (KeyServiceException e) {
            // Another enrollment of the same address may have made or adopted the key meanwhile: use it.
            return current(address).filter(k -> k.status() == KeyStatus.ACTIVE).orElseThrow(() -> e);
        }
    }

    private Optional<KeyRecord> current(String address) {
        return db.inTransaction(c -> repository.current(c, address));
    }
}
