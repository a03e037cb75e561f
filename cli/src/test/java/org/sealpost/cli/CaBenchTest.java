package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench ca}: a few seconds, not a measurement. */
class CaBenchTest {

    @Test
    void issuesStoresAndAuditsEveryCertificate() {
        CliFixture.Result r = CliFixture.run("bench", "ca", "--count", 20, "--threads", 2, "--warmup", 10, "--phases", 5,
                "--openssl-count", 3, "--algorithm", "ec");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("| Sealpost, H2 ")
                .contains("P-384, 1 thread): 20 of 20 certificates stored, 20 audit records appended")
                .contains("P-384, 2 threads): 20 of 20 certificates stored, 20 audit records appended")
                .containsPattern("P-384\\): audit chain intact \\(\\d+ records\\)")
                .doesNotContain("MISMATCH")
                .doesNotContain("BROKEN");
    }
}
