package org.sealpost.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultHome;

/**
 * A key service in its own process that creates and rotates keys as fast as it can, until it is
 * killed: the victim of {@link KeyServiceCrashTest}. Two worker threads cycle through
 * {@value #ADDRESSES} addresses, half each; an address without a current key gets a new one (every
 * third a provisional one), one with a current key is rotated. EC P-256 keys, split 2-of-2.
 *
 * <p>Prints {@code ready} once the service is open, then per key {@code created <n> <key id> <address>}
 * ({@code n} counts this process's creations from 1) and per refused create {@code failed <address>
 * <message>}; anything else ends the process with exit code 3 and the stack trace on standard error.
 *
 * <p>Arguments: JDBC URL, user, then per vault {@code <data directory>@<port>}: the vault served on
 * 127.0.0.1:port, reached with the client token from its directory. The database password, if any, is
 * in the environment variable {@value #PASSWORD_VARIABLE}.
 */
public final class CreateLoopProcess {
    /** Environment variable carrying the database password, if any. */
    static final String PASSWORD_VARIABLE = "SEALPOST_TEST_DB_PASSWORD";
    private static final int ADDRESSES = 12;
    private static final int WORKERS = 2;
    /**
     * A vault that is down refuses at once; this keeps a loop of failing creates from leaving hundreds
     * of pending rows (each kept for the clean-up) while the vault restarts.
     */
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(500);

    private CreateLoopProcess() {
    }

    private static String address(int i) {
        return "user" + i + "@crash.example";
    }

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.exitWithParent();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        });
        String password = System.getenv(PASSWORD_VARIABLE);
        Database db = Database.open(new DatabaseConfig(args[0], args[1], password == null ? null : password.toCharArray(), 4));
        List<VaultClient> vaults = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            int at = args[i].lastIndexOf('@');
            vaults.add(httpVault(Path.of(args[i].substring(0, at)), Integer.parseInt(args[i].substring(at + 1))));
        }
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        AuditLog audit = new AuditLog(db, clock);
        KeyService service = new KeyService(db, audit, new KeyPool(new KeyPairFactory(random), new KeyPoolSettings(Map.of(), 1)),
                vaults, vaults.size(), new KeyProtection(db, audit, clock, random, KeyServiceRig.PROTECTION), clock, random);
        System.out.println("ready");
        AtomicInteger created = new AtomicInteger();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Thread.ofPlatform().name("create-loop-" + w).start(() -> loop(db, service, worker, created));
        }
        // Runs until SIGKILL (or the parent's end).
        new CountDownLatch(1).await();
    }

    private static void loop(Database db, KeyService service, int worker, AtomicInteger created) {
        KeyRepository keys = new KeyRepository();
        while (true) {
            for (int i = worker; i < ADDRESSES; i += WORKERS) {
                String address = address(i);
                try {
                    boolean current = db.inTransaction(c -> keys.current(c, address)).isPresent();
                    KeyRecord key = current ? service.rotate(address, KeySpec.EC_P256)
                            : service.create(address, KeySpec.EC_P256, i % 3 == 0 ? KeyStatus.PROVISIONAL : KeyStatus.ACTIVE);
                    System.out.println("created " + created.incrementAndGet() + " " + key.keyId() + " " + address);
                } catch (KeyServiceException e) {
                    System.out.println("failed " + address + " " + e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The vault in {@code vaultDir} served on 127.0.0.1:{@code port}, reached with the client token from its directory. */
    static VaultClient httpVault(Path vaultDir, int port) {
        try {
            char[] token = Files.readString(VaultHome.load(vaultDir).clientTokenFile(), StandardCharsets.US_ASCII).strip().toCharArray();
            return HttpVaultClient.create(URI.create("http://127.0.0.1:" + port), token, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
