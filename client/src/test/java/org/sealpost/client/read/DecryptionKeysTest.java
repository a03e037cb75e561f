package org.sealpost.client.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;

class DecryptionKeysTest {
    private static final byte[] MESSAGE = ("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: hi\r\n"
            + "Content-Type: text/plain\r\n\r\nfor the provisional key\r\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyCertificateOfEveryKeyIsAnIdentityNewestFirst() {
        EphemeralPki pki = new EphemeralPki("keys-test");
        Identity a = pki.rsa("bob@example.org");
        Identity b = pki.ec("bob@example.org", "secp256r1");
        Identity c = pki.rsa("bob-old@example.org");
        KeyHistory history = DecryptionKeys.of(List.of(new StoreData.EncryptionKey("new", a.privateKey(), List.of(a.certificate())),
                new StoreData.EncryptionKey("old", c.privateKey(), List.of(c.certificate(), b.certificate()))));
        assertThat(history.keys()).extracting(Identity::certificate).containsExactly(a.certificate(), c.certificate(), b.certificate());
    }

    @Test
    void aKeyWithoutCertificateOpensMailSentToItsKeyIdentifier() throws Exception {
        for (KeyPair pair : List.of(pair("RSA", null), pair("EC", "secp256r1"), pair("EC", "secp384r1"))) {
            KeyHistory history = DecryptionKeys.of(List.of(new StoreData.EncryptionKey("prov", pair.getPrivate(), List.of())));
            assertThat(SubjectKeyIds.candidates(history.keys().getFirst().certificate()))
                    .contains(new SubjectKeyIds.ByteKey(SubjectKeyIds.of(pair.getPublic())));
            ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
            new SmimeEncryptor().encrypt(MessageSource.of(MESSAGE), encrypted, EncryptOptions.to(Recipient.of(pair.getPublic())));
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            new SmimeDecryptor().decrypt(MessageSource.of(encrypted.toByteArray()), plain, history);
            assertThat(plain.toString(StandardCharsets.US_ASCII)).as(pair.getPublic().getAlgorithm()).contains("for the provisional key");
        }
    }

    private static KeyPair pair(String algorithm, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (curve == null) {
            g.initialize(2048);
        } else {
            g.initialize(new ECGenParameterSpec(curve));
        }
        return g.generateKeyPair();
    }
}
