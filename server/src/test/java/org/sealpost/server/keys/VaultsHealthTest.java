package org.sealpost.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.server.health.HealthCheck;
import org.sealpost.server.health.HealthCheck.State;
import org.sealpost.server.testing.RunningVaults;

/**
 * k-of-n in the key service's health, with three vaults over real HTTP: all up is ok, one down
 * (keys still released) is degraded, two down is failing; a vault that refuses the token is down.
 */
class VaultsHealthTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private RunningVaults vaults;

    @AfterEach
    void stop() {
        vaults.close();
    }

    @Test
    void twoOfThreeIsDegradedWithOneVaultDownAndFailingWithTwo() {
        vaults = new RunningVaults(dir).start("a", "b", "c");
        VaultTopology topology = new VaultTopology.Remote(List.of(remote("a"), remote("b"), remote("c")));
        try (VaultConnections connections = VaultConnections.open(topology, dir, RANDOM)) {
            HealthCheck health = new VaultsHealth(2, connections.all());

            HealthCheck.Status all = health.check();
            assertThat(all.status()).isEqualTo(State.OK);
            assertThat(all.components()).containsOnlyKeys("a", "b", "c");
            assertThat(all.components().get("a").detail()).isEqualTo("vault " + vaults.vaultId("a") + " at " + vaults.url("a"));

            vaults.stop("c");
            HealthCheck.Status oneDown = health.check();
            assertThat(oneDown.status()).isEqualTo(State.DEGRADED);
            assertThat(oneDown.detail()).isEqualTo("2-of-3: 2 of 3 vaults reachable: keys are released, "
                    + "but no new key can be made until every vault is back");
            assertThat(oneDown.components().get("c").status()).isEqualTo(State.FAILING);
            assertThat(oneDown.components().get("c").detail()).contains("vault at " + vaults.url("c") + " is unreachable");

            vaults.stop("b");
            HealthCheck.Status twoDown = health.check();
            assertThat(twoDown.status()).isEqualTo(State.FAILING);
            assertThat(twoDown.detail()).isEqualTo("2-of-3: 1 of 3 vaults reachable, 2 needed: no key can be made or released");
        }
    }

    @Test
    void aVaultThatRefusesTheTokenIsDown() {
        vaults = new RunningVaults(dir).start("a", "b");
        // b's token file holds a's token: b is reachable but refuses the credential.
        RemoteVault wrongToken = new RemoteVault("b", vaults.url("b"), vaults.tokenFile("a"), Duration.ofSeconds(5));
        try (VaultConnections connections = VaultConnections.open(new VaultTopology.Remote(List.of(remote("a"), wrongToken)), dir, RANDOM)) {
            HealthCheck.Status status = new VaultsHealth(2, connections.all()).check();
            assertThat(status.status()).isEqualTo(State.FAILING);
            assertThat(status.components().get("a").status()).isEqualTo(State.OK);
            assertThat(status.components().get("b").detail()).contains("refused the key service's credential");
        }
    }

    private RemoteVault remote(String name) {
        return new RemoteVault(name, vaults.url(name), vaults.tokenFile(name), Duration.ofSeconds(5));
    }
}
