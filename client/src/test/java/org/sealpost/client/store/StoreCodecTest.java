package org.sealpost.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyPairs;

/** Keys read back from the store are usable as they were: the device key still signs tokens for its certificate. */
class StoreCodecTest {
    private static final EphemeralPki PKI = new EphemeralPki("codec-test");

    @Test
    void anEcDeviceKeyReadBackFitsItsCertificate() throws Exception {
        Identity device = PKI.ec("alice@example.org", "secp256r1");
        StoreData read = StoreCodec.decode(StoreCodec.encode(StoreData.forAccount("pw")
                .withDevice(new StoreData.DeviceCredentials("dev-1", "laptop", device.privateKey(), device.chain()))));

        StoreData.DeviceCredentials d = read.device().orElseThrow();
        assertThat(d.signingKey().getAlgorithm()).isEqualTo(device.certificate().getPublicKey().getAlgorithm());
        assertThat(KeyPairs.matches(d.signingKey(), device.certificate().getPublicKey())).isTrue();
        assertThat(new DeviceTokenSigner(d.signingKey(), d.certificate())
                .authorization("GET", URI.create("https://sealpost.example/v1/devices").toString(), new byte[0])).startsWith("Sealpost ");
    }

    @Test
    void rsaKeysKeepTheirAlgorithmToo() throws Exception {
        Identity key = PKI.rsa("bob@example.org");
        StoreData read = StoreCodec.decode(StoreCodec.encode(StoreData.forAccount("pw")
                .withEncryptionKeys(List.of(new StoreData.EncryptionKey("k", key.privateKey(), List.of(key.certificate()))))));
        assertThat(read.encryptionKeys().getFirst().privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(KeyPairs.matches(read.encryptionKeys().getFirst().privateKey(), key.certificate().getPublicKey())).isTrue();
    }
}
