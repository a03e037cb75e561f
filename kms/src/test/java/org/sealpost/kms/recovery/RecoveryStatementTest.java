package org.sealpost.kms.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sealpost.kms.KeySpec;

/** The canonical statement: its exact bytes, and that every field of the request changes it. */
class RecoveryStatementTest {
    private static final KeyPair TRANSPORT = RecoveryRig.officerKey(KeySpec.EC_P256);

    private static RecoveryRequest request(String id, String address, String reason, Instant created) {
        return new RecoveryRequest(id, address, "example.org", TRANSPORT.getPublic().getEncoded(), reason, "admin:carol", 2, created,
                created.plusSeconds(7 * 86_400), RequestState.OPEN, Optional.empty(), Optional.empty());
    }

    @Test
    void theStatementIsNineFixedLinesOfUtf8() {
        RecoveryRequest r = request("3q2-7wP0cFZ1kHX9b2xQeA", "jörg@example.org", "Case 2026-041: court order", Instant.parse("2026-12-01T10:00:00Z"));
        String expected = "sealpost legal-hold recovery statement v1\n"
                + "decision: approve\n"
                + "request: 3q2-7wP0cFZ1kHX9b2xQeA\n"
                + "address: jörg@example.org\n"
                + "transport-key-sha256: " + RecoveryKeys.sha256Hex(TRANSPORT.getPublic().getEncoded()) + "\n"
                + "reason: Case 2026-041: court order\n"
                + "requested-by: admin:carol\n"
                + "created: 2026-12-01T10:00:00Z\n"
                + "expires: 2026-12-08T10:00:00Z\n";
        assertThat(RecoveryStatement.encode(r, Decision.APPROVE)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(RecoveryStatement.encode(r, Decision.DENY), StandardCharsets.UTF_8))
                .isEqualTo(expected.replace("decision: approve", "decision: deny"));
        assertThat(r.transportKeySha256()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void everyFieldOfTheRequestChangesTheStatement() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        byte[] base = RecoveryStatement.encode(request("id1", "a@example.org", "r", t), Decision.APPROVE);
        assertThat(RecoveryStatement.encode(request("id2", "a@example.org", "r", t), Decision.APPROVE)).isNotEqualTo(base);
        assertThat(RecoveryStatement.encode(request("id1", "b@example.org", "r", t), Decision.APPROVE)).isNotEqualTo(base);
        assertThat(RecoveryStatement.encode(request("id1", "a@example.org", "s", t), Decision.APPROVE)).isNotEqualTo(base);
        assertThat(RecoveryStatement.encode(request("id1", "a@example.org", "r", t.plusSeconds(1)), Decision.APPROVE)).isNotEqualTo(base);
        RecoveryRequest otherTransport = new RecoveryRequest("id1", "a@example.org", "example.org",
                RecoveryRig.officerKey(KeySpec.EC_P256).getPublic().getEncoded(), "r", "admin:carol", 2, t, t.plusSeconds(7 * 86_400),
                RequestState.OPEN, Optional.empty(), Optional.empty());
        assertThat(RecoveryStatement.encode(otherTransport, Decision.APPROVE)).isNotEqualTo(base);
        assertThat(new String(base, StandardCharsets.UTF_8)).startsWith(RecoveryStatement.CONTEXT + "\n").endsWith("Z\n");
    }
}
