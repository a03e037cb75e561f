package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyAuthorizationTest {
    private static final Device DEVICE = Device.ec("secp256r1");

    @Test
    void theAnswerIsTheDigestOverBothPartsAndTheThumbprint() {
        AccountKey key = AccountKey.of(DEVICE.accountKey());
        String answer = KeyAuthorization.answer("mailPartAAAAAAAAAAAAAA", "httpsPartBBBBBBBBBBBBB", key);
        assertThat(answer).isEqualTo(DEVICE.answer("mailPartAAAAAAAAAAAAAA", "httpsPartBBBBBBBBBBBBB")).hasSize(43);
        // Order matters: the parts are not interchangeable.
        assertThat(KeyAuthorization.answer("httpsPartBBBBBBBBBBBBB", "mailPartAAAAAAAAAAAAAA", key)).isNotEqualTo(answer);
        assertThat(KeyAuthorization.verifierOf(answer)).hasValueSatisfying(v ->
                assertThat(v).isEqualTo(KeyAuthorization.verifier("mailPartAAAAAAAAAAAAAA", "httpsPartBBBBBBBBBBBBB", key)));
    }

    @Test
    void theWorkedExampleOfTheProtocolDocument() {
        // docs/VALIDATION.md; the answer there was computed with openssl dgst -sha256 over the key authorization.
        AccountKey key = AccountKey.of(Device.rfc7638Example().accountKey());
        assertThat(KeyAuthorization.answer("k3oGRvkiefQnx7OOczTYDa", "LHDhNGRwXbPyaDlRdL2ir5", key))
                .isEqualTo("6XK4SpS9Km0bmmUhgeqAD10uPJbo79MVLuGWuJmTgIs");
    }

    @Test
    void onlyBase64urlOfThirtyTwoBytesIsAnAnswer() {
        String answer = DEVICE.answer("m", "h");
        for (String bad : new String[] {null, "", answer.substring(1), answer + "A", answer + "=", answer.replace(answer.charAt(0), '+'),
                "!".repeat(43)}) {
            assertThat(KeyAuthorization.verifierOf(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(KeyAuthorization.verifierOf(answer)).isPresent();
    }
}
