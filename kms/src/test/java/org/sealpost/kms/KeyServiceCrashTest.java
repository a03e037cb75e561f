package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultService;

/**
 * Real crashes, not simulated ones: the key service runs in its own JVM ({@link CreateLoopProcess}),
 * creating and rotating keys as fast as it can against two vaults that are processes of their own
 * ({@link VaultProcess}, over HTTP), and is killed with SIGKILL at varying points; a vault process is
 * killed mid-write too and started again. After each kill a key service opened here on the same
 * database and vaults cleans up, and {@link CrashInvariants} must hold; at the end with the vaults'
 * own stores opened from their directories, to list every share they hold.
 *
 * <p>One test per database with all the kills in a row: every start of a JVM and every H2 file
 * reopened after a SIGKILL (H2 waits about 4 s for a stale lock file to age) costs seconds.
 */
class KeyServiceCrashTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    /** How many keys each restarted key service creates before it is killed: varied, so the kill lands anywhere. */
    private static final List<Integer> KILL_AFTER = List.of(1, 12);
    /** Keys created before vault b is killed, and again after it is back. */
    private static final int CREATES_WHILE_WATCHED = 10;
    /** A whole {@code created <n> <key id> <address>} line of {@link CreateLoopProcess}. */
    private static final Pattern CREATED = Pattern.compile("created (\\d+) ([A-Za-z0-9_-]{22}) \\S+@crash\\.example");

    @TempDir
    Path dir;

    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(ChildJvm::close);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void killedKeyServiceAndVaultProcessesLeaveNothingTheCleanUpCannotMend(TestDatabase testDb) {
        DatabaseConfig config = testDb.config();
        List<Path> vaultDirs = initVaults();
        ChildJvm vaultA = startVault(vaultDirs.get(0), 0);
        ChildJvm vaultB = startVault(vaultDirs.get(1), 0);
        List<Integer> ports = List.of(listeningPort(vaultA), listeningPort(vaultB));
        CrashInvariants overHttp = new CrashInvariants(config, httpClients(vaultDirs, ports));
        Set<String> acknowledged = new HashSet<>();

        // The key service killed at varying points: between or during share writes, in or after the activation.
        for (int killAfter : KILL_AFTER) {
            ChildJvm keyService = startKeyService(config, vaultDirs, ports);
            keyService.await(createdAtLeast(killAfter), killAfter + " created keys");
            keyService.kill();
            acknowledged.addAll(createdKeyIds(keyService));
            overHttp.cleanUpAndCheck(acknowledged, List.of());
        }

        // Vault b killed mid-write under a running key service, which reports the failed creates and carries
        // on once b is back (its H2 file, killed mid-write too, opens again on the same port).
        ChildJvm keyService = startKeyService(config, vaultDirs, ports);
        keyService.await(createdAtLeast(CREATES_WHILE_WATCHED), CREATES_WHILE_WATCHED + " created keys");
        vaultB.kill();
        String idB = VaultHome.load(vaultDirs.get(1)).vaultId();
        assertThat(keyService.await(line -> line.startsWith("failed "), "a failed create while vault b is down"))
                .contains("vault " + idB + " is unavailable", "no key was created");
        ChildJvm restartedB = startVault(vaultDirs.get(1), ports.get(1));
        listeningPort(restartedB);
        int before = createdKeyIds(keyService).size();
        keyService.await(createdAtLeast(before + CREATES_WHILE_WATCHED), "keys created after vault b is back");
        // ... and the key service killed once more.
        keyService.kill();
        acknowledged.addAll(createdKeyIds(keyService));
        assertThat(keyService.output()).as("failures other than vault b's").noneMatch(line -> line.startsWith("failed ")
                && !line.contains("vault " + idB + " is unavailable"));

        // The vaults are not the victims now: stopped in order, so that their H2 files open at once here.
        vaultA.stop();
        restartedB.stop();
        checkOnTheVaultDirectories(config, vaultDirs, acknowledged);
    }

    /** With every process dead: the invariants, with the vaults opened from their directories to list their shares. */
    private static void checkOnTheVaultDirectories(DatabaseConfig config, List<Path> vaultDirs, Set<String> acknowledged) {
        List<VaultService> opened = new ArrayList<>();
        try {
            for (Path vaultDir : vaultDirs) {
                opened.add(VaultService.open(vaultDir, Optional.empty(), null));
            }
            new CrashInvariants(config, opened.stream().map(VaultService::client).toList())
                    .cleanUpAndCheck(acknowledged, opened.stream().map(VaultService::vault).toList());
        } finally {
            opened.forEach(VaultService::close);
        }
    }

    private List<Path> initVaults() {
        List<Path> dirs = List.of(dir.resolve("vault-a"), dir.resolve("vault-b"));
        for (Path vaultDir : dirs) {
            // The children read the token from the directory's client-token file.
            Arrays.fill(VaultHome.init(vaultDir, new KekChoice.File(), null, KeyServiceRig.RANDOM).clientToken(), '\0');
        }
        return dirs;
    }

    private ChildJvm startVault(Path vaultDir, int port) {
        return started(ChildJvm.start("vault-" + vaultDir.getFileName() + "-" + children.size(), VaultProcess.class, Map.of(), dir,
                vaultDir.toString(), Integer.toString(port)));
    }

    private ChildJvm startKeyService(DatabaseConfig config, List<Path> vaultDirs, List<Integer> ports) {
        char[] password = config.password();
        Map<String, String> env = password == null ? Map.of() : Map.of(CreateLoopProcess.PASSWORD_VARIABLE, new String(password));
        List<String> args = new ArrayList<>(List.of(config.jdbcUrl(), config.user()));
        for (int i = 0; i < vaultDirs.size(); i++) {
            args.add(vaultDirs.get(i) + "@" + ports.get(i));
        }
        ChildJvm keyService = started(ChildJvm.start("kms-" + children.size(), CreateLoopProcess.class, env, dir, args.toArray(String[]::new)));
        keyService.await("ready"::equals, "ready");
        return keyService;
    }

    private ChildJvm started(ChildJvm child) {
        children.add(child);
        return child;
    }

    private static int listeningPort(ChildJvm vault) {
        return Integer.parseInt(vault.await(line -> line.startsWith("listening "), "its port").substring("listening ".length()));
    }

    private static List<VaultClient> httpClients(List<Path> vaultDirs, List<Integer> ports) {
        List<VaultClient> clients = new ArrayList<>();
        for (int i = 0; i < vaultDirs.size(); i++) {
            clients.add(CreateLoopProcess.httpVault(vaultDirs.get(i), ports.get(i)));
        }
        return clients;
    }

    /** A {@code created <n> …} line with n ≥ {@code count}. */
    private static Predicate<String> createdAtLeast(int count) {
        return line -> {
            Matcher m = CREATED.matcher(line);
            return m.matches() && Integer.parseInt(m.group(1)) >= count;
        };
    }

    private static Set<String> createdKeyIds(ChildJvm keyService) {
        Set<String> ids = new HashSet<>();
        for (String line : keyService.output()) {
            Matcher m = CREATED.matcher(line);
            if (m.matches()) {
                ids.add(m.group(2));
            }
        }
        return ids;
    }
}
