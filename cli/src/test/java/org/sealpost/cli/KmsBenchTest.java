package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench kms}: a few seconds, not a measurement. */
class KmsBenchTest {

    @Test
    void releasesWholeHistoriesThroughVaultProcesses() {
        CliFixture.Result r = CliFixture.run("bench", "kms", "--addresses", 2, "--releases", 20, "--warmup", 4, "--concurrency", 4,
                "--check-every", 5, "--spec", "ec-p256", "--phases", 3, "--pool-seconds", 1, "--pool-burst", 5, "--pool-target", 3);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("| release, 2-of-2 vault processes | ec-p256 | 4 | 20 |")
                .contains("check: 0 failed releases of 20; 4 of 4 sampled envelopes opened with 3 keys")
                .containsPattern("key release at concurrency 4: p50 [0-9.]+ ms, p99 [0-9.]+ ms, [0-9]+ releases/s")
                .contains("targets (issue 4): not checked, they are stated at concurrency 16 and this run used 4")
                .containsPattern("audit append alone at concurrency 4 \\(AuditLog.append, the key service's H2\\): [0-9]+ appends/s")
                .containsPattern("audit chain after the runs: intact, [0-9]+ records")
                .contains("| sustained refill | ec-p256 |")
                .contains("| burst of 5 take()")
                .doesNotContain("FAILURES");
    }
}
