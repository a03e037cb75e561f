package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench enroll}: four enrollments and twelve calls, not a measurement. */
class EnrollBenchTest {
    private static final Pattern ROW = Pattern.compile("\\| (?<name>[^|]+) \\| (?<c>\\d+) \\| (?<rate>[0-9.]+) \\| (?<p50>[0-9.]+) \\| "
            + "(?<p99>[0-9.]+) \\| (?<count>\\d+) \\| (?<failed>\\d+) \\|");

    @Test
    void enrollsDevicesThatThenCallTheApiWithTheirTokens() {
        CliFixture.Result r = CliFixture.run("bench", "enroll", "--enrollments", 4, "--concurrency", 2, "--calls", 12,
                "--call-concurrency", 4, "--key-spec", "ec-p256");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("validation.per-client 999999/1h (lifted for the run)")
                .contains("key pool warmed to 4 ec-p256 keys")
                // Every enrollment's key came from the warmed pool.
                .contains("key pool during the run: 4 hits, 0 misses")
                .contains("key pool refilled after the enrollments");
        assertRow(r, "enrollment (start, mail, answer, CSR, complete)", 2, 4);
        assertRow(r, "GET /v1/devices (fresh token each)", 4, 6);
        assertRow(r, "GET /v1/keys/password (fresh token each)", 4, 6);
        assertRow(r, "both together", 4, 12);
    }

    @Test
    void withoutAPoolEveryEnrollmentMakesItsKey() {
        CliFixture.Result r = CliFixture.run("bench", "enroll", "--enrollments", 2, "--concurrency", 2, "--calls", 0, "--pool", 0,
                "--key-spec", "ec-p256");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("no key pool: every enrollment makes its address's ec-p256 key")
                .contains("key pool during the run: 0 hits, 2 misses")
                .doesNotContain("GET /v1/devices");
        assertRow(r, "enrollment (start, mail, answer, CSR, complete)", 2, 2);
    }

    @Test
    void refusesNonsenseSettings() {
        CliFixture.Result r = CliFixture.run("bench", "enroll", "--enrollments", 0);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--enrollments").doesNotContain("Exception");
        CliFixture.Result pool = CliFixture.run("bench", "enroll", "--pool", -1);
        assertThat(pool.exit()).as(pool.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(pool.err()).contains("--pool");
        CliFixture.Result spec = CliFixture.run("bench", "enroll", "--key-spec", "dsa-1024", "--enrollments", 1);
        assertThat(spec.exit()).as(spec.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(spec.err()).contains("kms.key-spec").doesNotContain("Exception");
    }

    private static void assertRow(CliFixture.Result r, String name, int concurrency, int count) {
        Matcher m = ROW.matcher(r.out());
        while (m.find()) {
            if (m.group("name").equals(name)) {
                assertThat(Integer.parseInt(m.group("c"))).isEqualTo(concurrency);
                assertThat(Integer.parseInt(m.group("count"))).isEqualTo(count);
                assertThat(Integer.parseInt(m.group("failed"))).isZero();
                assertThat(Double.parseDouble(m.group("rate"))).isPositive();
                assertThat(Double.parseDouble(m.group("p50"))).isPositive().isLessThanOrEqualTo(Double.parseDouble(m.group("p99")));
                return;
            }
        }
        throw new AssertionError("no row " + name + " in\n" + r);
    }
}
