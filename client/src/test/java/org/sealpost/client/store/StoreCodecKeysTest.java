package org.sealpost.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyPairs;

/** Keys read back from the store are named as the JDK names them, so they pair with their certificates. */
class StoreCodecKeysTest {
    private static final EphemeralPki PKI = new EphemeralPki("codec");

    @Test
    void aStoredEcDeviceKeySignsDeviceTokensAfterAReload() throws Exception {
        Identity device = PKI.ec("alice@example.org", "secp256r1");
        Identity encryption = PKI.rsa("alice@example.org");
        StoreData data = StoreData.forAccount("pw")
                .withDevice(new StoreData.DeviceCredentials("d1", "laptop", device.privateKey(), device.chain()))
                .withEncryptionKeys(List.of(new StoreData.EncryptionKey("k1", encryption.privateKey(), List.of(encryption.certificate()))));

        StoreData back = StoreCodec.decode(StoreCodec.encode(data));
        StoreData.DeviceCredentials d = back.device().orElseThrow();
        assertThat(d.signingKey().getAlgorithm()).isEqualTo("EC");
        assertThat(KeyPairs.matches(d.signingKey(), device.certificate().getPublicKey())).isTrue();
        assertThat(new DeviceTokenSigner(d.signingKey(), d.certificate()).authorization("GET", "http://127.0.0.1/v1/devices", new byte[0]))
                .startsWith("Sealpost ");
        assertThat(back.encryptionKeys().getFirst().privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(KeyPairs.matches(back.encryptionKeys().getFirst().privateKey(), encryption.certificate().getPublicKey())).isTrue();
    }
}
