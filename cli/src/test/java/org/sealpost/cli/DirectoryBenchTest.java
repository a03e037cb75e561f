package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench directory}: a few hundred addresses and a second per endpoint, not a measurement. */
class DirectoryBenchTest {

    @Test
    void looksUpLoadedAddressesAndHealthOverHttp() {
        CliFixture.Result r = CliFixture.run("bench", "directory", "--addresses", 300, "--seconds", 1, "--warmup", 0,
                "--concurrency", 4);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("loaded 300 addresses")
                .containsPattern("\\| GET /v1/directory/\\{address} \\| 4 \\| \\d+ \\| [0-9.]+ \\| [0-9.]+ \\| \\d+ \\| 0 \\|")
                .containsPattern("\\| GET /health \\| 4 \\| \\d+ \\| [0-9.]+ \\| [0-9.]+ \\| \\d+ \\| 0 \\|")
                .contains("of the /health rate");
    }
}
