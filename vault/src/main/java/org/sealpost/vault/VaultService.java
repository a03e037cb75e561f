package org.sealpost.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;

/**
 * One open vault: its directory, KEK and database, and optionally its HTTP server. What
 * {@code sealpost vault --data DIR --port P} runs, and what the key service opens in-process (the
 * embedded default: one {@code VaultService} per vault directory, each with its own database and KEK).
 */
public final class VaultService implements AutoCloseable {
    private final VaultHome home;
    private final Database db;
    private final Kek kek;
    private final Vault vault;
    private volatile VaultHttpServer server;

    private VaultService(VaultHome home, Database db, Kek kek, Vault vault) {
        this.home = home;
        this.db = db;
        this.kek = kek;
        this.vault = vault;
    }

    /**
     * Opens the vault under {@code dataDir/vault}.
     *
     * @param database the vault's database, or empty for its own embedded H2 file ({@link VaultHome#embeddedDatabase()})
     * @param pin      the token PIN when the KEK is on a PKCS#11 token, else null
     * @throws VaultException   when there is no vault or the KEK cannot be opened
     * @throws org.sealpost.storage.StorageException when the database cannot be opened
     */
    public static VaultService open(java.nio.file.Path dataDir, Optional<DatabaseConfig> database, char[] pin) {
        VaultHome home = VaultHome.load(dataDir);
        SecureRandom random = new SecureRandom();
        Kek kek = home.openKek(pin, random);
        Database db;
        try {
            db = Database.open(database.orElseGet(home::embeddedDatabase));
        } catch (RuntimeException e) {
            kek.close();
            throw e;
        }
        return new VaultService(home, db, kek, new Vault(home.vaultId(), db, kek, Clock.systemUTC()));
    }

    /** Starts the HTTP API on {@code host:port} (0 = a free port) over {@code transport}. */
    public synchronized VaultService serve(String host, int port, VaultTransport transport) {
        if (server != null) {
            throw new IllegalStateException("already serving on port " + server.port());
        }
        VaultHttpServer s = new VaultHttpServer(vault, home.credential(), transport);
        try {
            s.start(host, port);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
        return this;
    }

    /** The port the HTTP API listens on. */
    public int port() {
        VaultHttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("not serving HTTP");
        }
        return s.port();
    }

    public VaultHome home() {
        return home;
    }

    public Vault vault() {
        return vault;
    }

    /** An in-process client of this vault. */
    public VaultClient client() {
        return new LocalVaultClient(vault);
    }

    @Override
    public void close() {
        VaultHttpServer s = server;
        try {
            if (s != null) {
                s.close();
            }
        } finally {
            try {
                db.close();
            } finally {
                kek.close();
            }
        }
    }

    @Override
    public String toString() {
        return "VaultService[" + home.vaultId() + "]";
    }

}
