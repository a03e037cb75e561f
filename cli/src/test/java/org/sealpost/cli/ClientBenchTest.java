package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A bounded slice of {@code sealpost bench client}: two rounds, three recipients, twenty messages; not a measurement. */
class ClientBenchTest {
    private static final Pattern ROW = Pattern.compile("\\| (?<name>[^|]+?) \\| (?<n>\\d+) \\| (?<p50>[0-9.]+) \\| (?<p99>[0-9.]+) \\|\\R");
    private static final Pattern INBOX = Pattern.compile("\\| (?<run>\\d) \\| (?<n>\\d+) \\| (?<list>[0-9.]+) \\| (?<fetch>[0-9.]+) \\| "
            + "(?<inbox>[0-9.]+) \\| (?<rate>[0-9.]+) \\| (?<per>[0-9.]+) \\| (?<failed>\\d+) \\|");

    @Test
    void sendsReadsAndListsAnInboxThroughTheClientLibrary() {
        CliFixture.Result r = CliFixture.run("bench", "client", "--rounds", 2, "--recipients", 3, "--messages", 20, "--inbox-runs", 1);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("set-up: 5 accounts created and enrolled")
                .contains("delivered 20 encrypted, signed, timestamped messages");
        assertRow(r, "send → readable, 1 recipient: end to end", 2);
        assertRow(r, "send → readable, 3 recipients: until the last has read", 2);
        assertRow(r, "  each recipient: read done, after the send started", 6);
        assertRow(r, "  reader: list INBOX, fetch, decrypt, verify (MailReader.read), each recipient", 6);
        assertRow(r, "    apart: look-up, cold cache (one batch call)", 2);
        assertRow(r, "    timestamp request(s) inside the send", 2);
        assertRow(r, "send → readable, 1 recipient: first round (cold look-up cache, first fetch, CRLs), end to end", 1);
        assertRow(r, "Account.open (local store: Argon2id 64 MiB, 3 passes), what every command pays first", 3);

        Matcher inbox = INBOX.matcher(r.out());
        assertThat(inbox.find()).as(r.toString()).isTrue();
        assertThat(Integer.parseInt(inbox.group("n"))).isEqualTo(20);
        assertThat(Integer.parseInt(inbox.group("failed"))).isZero();
        assertThat(Double.parseDouble(inbox.group("rate"))).isPositive();
        assertThat(Double.parseDouble(inbox.group("fetch"))).isPositive();
        assertThat(Double.parseDouble(inbox.group("inbox"))).isGreaterThan(Double.parseDouble(inbox.group("fetch")) / 10);
    }

    @Test
    void refusesNonsenseSettings() {
        CliFixture.Result r = CliFixture.run("bench", "client", "--rounds", 0);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--rounds").doesNotContain("Exception");
        CliFixture.Result m = CliFixture.run("bench", "client", "--messages", -1);
        assertThat(m.exit()).as(m.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(m.err()).contains("--messages");
    }

    private static void assertRow(CliFixture.Result r, String name, int samples) {
        Matcher m = ROW.matcher(r.out());
        while (m.find()) {
            if (m.group("name").equals(name)) {
                assertThat(Integer.parseInt(m.group("n"))).as(name).isEqualTo(samples);
                double p50 = Double.parseDouble(m.group("p50"));
                assertThat(p50).as(name).isPositive().isLessThanOrEqualTo(Double.parseDouble(m.group("p99")));
                return;
            }
        }
        throw new AssertionError("no row " + name + " in\n" + r);
    }
}
