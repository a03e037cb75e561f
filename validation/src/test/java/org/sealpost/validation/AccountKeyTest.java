package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountKeyTest {
    @Test
    void thumbprintOfTheRfc7638Example() {
        // RFC 7638 section 3.1: the example RSA key and its SHA-256 thumbprint.
        Device example = Device.rfc7638Example();
        assertThat(AccountKey.of(example.accountKey()).thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assertThat(example.thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void ecThumbprintsMatchTheCanonicalJwkBuiltByHand(String curve) {
        for (int i = 0; i < 5; i++) {
            Device device = Device.ec(curve);
            assertThat(AccountKey.of(device.accountKey()).thumbprint()).isEqualTo(device.thumbprint()).hasSize(43);
        }
    }

    @Test
    void bouncyCastleKeysWork() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("P-256"));
        PublicKey key = generator.generateKeyPair().getPublic();
        assertThat(AccountKey.of(key).thumbprint()).isEqualTo(new Device(key).thumbprint());
        Device rsa = Device.rsa(3072);
        assertThat(AccountKey.of(rsa.accountKey()).thumbprint()).isEqualTo(rsa.thumbprint());
    }

    @Test
    void weakOrUnsupportedKeysAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> AccountKey.of(Device.rsa(1024).accountKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA-1024").hasMessageContaining("2048");
        assertThatThrownBy(() -> AccountKey.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA or EC");
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        assertThatThrownBy(() -> AccountKey.of(k1.generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256, P-384 or P-521");
        assertThatThrownBy(() -> AccountKey.of(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
