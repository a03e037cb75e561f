package org.sealpost.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChainHashTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void fieldBoundariesAreUnambiguous() {
        assertThat(ChainHash.of(1, T, new AuditEvent("ab", "c", "", ""), ChainHash.GENESIS))
                .isNotEqualTo(ChainHash.of(1, T, new AuditEvent("a", "bc", "", ""), ChainHash.GENESIS));
    }

    @Test
    void everyFieldCounts() {
        AuditEvent e = new AuditEvent("actor", "action", "subject", "details");
        String h = ChainHash.of(7, T, e, ChainHash.GENESIS);
        assertThat(h).hasSize(64).isEqualTo(ChainHash.of(7, T, e, ChainHash.GENESIS));
        assertThat(ChainHash.of(8, T, e, ChainHash.GENESIS)).isNotEqualTo(h);
        assertThat(ChainHash.of(7, T.plusNanos(1000), e, ChainHash.GENESIS)).isNotEqualTo(h);
        assertThat(ChainHash.of(7, T, new AuditEvent("actor", "action", "subject", "details!"), ChainHash.GENESIS)).isNotEqualTo(h);
        assertThat(ChainHash.of(7, T, e, "1".repeat(64))).isNotEqualTo(h);
    }

    @Test
    void encodingIsStable() {
        // Pinned: a change here makes every existing audit log fail verification.
        assertThat(ChainHash.of(1, T, new AuditEvent("a", "b", "c", "d"), ChainHash.GENESIS))
                .isEqualTo(PINNED);
    }

    private static final String PINNED = "e720900c2eafd5315051c8fe6dbf838458187af0f5765d30d3b318531c0f7916";
}
