package org.sealpost.client.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

class ChallengeAnswerTest {
    /** docs/VALIDATION.md's worked example: the RFC 7638 section 3.1 RSA key; the answer was computed with openssl dgst. */
    @Test
    void answerOfTheWorkedExample() {
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6"
                + "4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9"
                + "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        RSAKey key = new RSAKey.Builder(new Base64URL(n), new Base64URL("AQAB")).build();
        assertThat(Enroller.answer("k3oGRvkiefQnx7OOczTYDa", "LHDhNGRwXbPyaDlRdL2ir5", key))
                .isEqualTo("6XK4SpS9Km0bmmUhgeqAD10uPJbo79MVLuGWuJmTgIs");
    }
}
