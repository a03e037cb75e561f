package org.sealpost.ca.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RevocationReasonTest {
    @Test
    void parsesRfcNamesInAnyCaseAndKebabCase() {
        assertThat(RevocationReason.parse("keyCompromise")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("KEYCOMPROMISE")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("key-compromise")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("cACompromise")).isEqualTo(RevocationReason.CA_COMPROMISE);
        assertThat(RevocationReason.parse("cessation-of-operation")).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(RevocationReason.parse(" privilegeWithdrawn ")).isEqualTo(RevocationReason.PRIVILEGE_WITHDRAWN);
        assertThat(RevocationReason.PRIVILEGE_WITHDRAWN.code()).isEqualTo(9);
        assertThat(RevocationReason.CA_COMPROMISE.allowedForSubscriber()).isFalse();
    }

    @Test
    void certificateHoldAndNonsenseAreRefusedWithTheValidNames() {
        assertThatThrownBy(() -> RevocationReason.parse("certificateHold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("suspension").hasMessageContaining("key-compromise");
        assertThatThrownBy(() -> RevocationReason.parse("lost"))
                .hasMessageContaining("'lost'").hasMessageContaining("superseded");
        assertThatThrownBy(() -> RevocationReason.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
