package org.sealpost.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The batch-read wire format, including answers a misbehaving vault could send. */
class BatchReadJsonTest {
    private static ShareBatch parse(String json, String... asked) {
        return BatchReadJson.parseResponse(json.getBytes(StandardCharsets.UTF_8), Set.of(asked));
    }

    @Test
    void anAnswerRoundTrips() {
        byte[] share = {0, 1, 2, (byte) 0xff};
        ShareBatch batch = new ShareBatch(Map.of("a", share), Map.of("b", "share for key b failed authentication"));
        ShareBatch read = BatchReadJson.parseResponse(BatchReadJson.response(batch), Set.of("a", "b", "c"));
        assertThat(read.shares().get("a")).isEqualTo(share);
        assertThat(read.failures()).isEqualTo(batch.failures());
        assertThat(BatchReadJson.parseRequest(BatchReadJson.request(Set.of("x", "y")))).containsExactlyInAnyOrder("x", "y");
        assertThat(parse("{\"shares\":{},\"failures\":{},\"later\":{\"x\":[1,2]}}", "a").shares())
                .as("unknown fields of a later version are skipped").isEmpty();
    }

    @Test
    void anAnswerForAKeyNotAskedForIsRefused() {
        assertThatThrownBy(() -> parse("{\"shares\":{\"other\":\"AQI=\"}}", "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not asked for");
        assertThatThrownBy(() -> parse("{\"shares\":{\"a\":\"AQI=\"},\"failures\":{\"a\":\"x\"}}", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void malformedAnswersAreRefused() {
        for (String bad : new String[] {"", "[]", "{\"shares\":[]}", "{\"shares\":{\"a\":1}}", "{\"shares\":{\"a\":\"\"}}",
                "{\"shares\":{\"a\":\"not base64!\"}}", "{\"shares\":{}} {}", "{\"shares\":{\"a\":\"AQI="}) {
            assertThatThrownBy(() -> parse(bad, "a")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
