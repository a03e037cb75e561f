package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class KeySpecTest {
    private final KeyPairFactory factory = new KeyPairFactory();

    @Test
    void defaultIsRsa2048AndSettingNamesRoundTrip() {
        assertThat(KeySpec.DEFAULT).isEqualTo(KeySpec.RSA_2048);
        for (KeySpec spec : KeySpec.values()) {
            assertThat(KeySpec.fromSettingName(spec.settingName())).isEqualTo(spec);
        }
        assertThat(KeySpec.fromSettingName(" EC_P384 ")).isEqualTo(KeySpec.EC_P384);
        assertThatThrownBy(() -> KeySpec.fromSettingName("dsa-1024")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rsa-2048");
    }

    @Test
    void generatesEachEcSpec() {
        KeyPair p256 = factory.generate(KeySpec.EC_P256);
        KeyPair p384 = factory.generate(KeySpec.EC_P384);
        assertThat(((ECPublicKey) p256.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(((ECPublicKey) p384.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(p256.getPrivate().getFormat()).isEqualTo("PKCS#8");
    }

    @Test
    void generatesRsa2048WithF4() {
        KeyPair rsa = factory.generate(KeySpec.RSA_2048);
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        assertThat(pub.getModulus().bitLength()).isEqualTo(2048);
        assertThat(pub.getPublicExponent().intValue()).isEqualTo(65537);
    }
}
