package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.conformance.Expect.invalid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * pyca/cryptography's PEM PKCS#7 vectors: each is decoded from PEM and wrapped in a minimal
 * application/pkcs7-mime entity ({@link Vectors#asSmime}). The plaintext is raw bytes, not MIME,
 * so the engine labels it application/octet-stream; the body must equal the expected text exactly.
 */
final class PycaVectors {
    static final String DIR = "pyca-cryptography/vectors/cryptography_vectors/";

    private PycaVectors() {
    }

    static List<VectorCase> cases() {
        List<VectorCase> c = new ArrayList<>();
        c.add(enveloped("enveloped-aes-256-cbc.pem", "RSA PKCS#1 v1.5, AES-256-CBC", "aes256-cbc", "Hello world!\r\n"));
        c.add(enveloped("enveloped-aes-192-cbc.pem", "AES-192-CBC", "aes192-cbc", "Hello world!\r\n"));
        c.add(enveloped("enveloped-rsa-oaep.pem", "RSAES-OAEP, AES-128-CBC", "aes128-cbc", "Hello, world!"));
        c.add(enveloped("enveloped-triple-des.pem", "3DES-CBC", "3des-cbc", "Hello, World!\r\n"));
        return c;
    }

    private static VectorCase enveloped(String name, String what, String cipher, String plaintext) {
        return new VectorCase(DIR + "pkcs7/" + name,
                "decrypts (" + what + ") with x509/custom/ca/rsa_key.pem to " + plaintext.replace("\r\n", "\\r\\n"),
                (v, p) -> {
                    Identity key = v.identity(DIR + "x509/custom/ca/rsa_key.pem", DIR + "x509/custom/ca/rsa_ca.pem");
                    MessageSource wrapped = Vectors.asSmime(v.cms(p), "enveloped-data");
                    Vectors.Decrypted d = Vectors.decrypt(wrapped, key);
                    assertThat(d.cipher()).isEqualTo(cipher);
                    assertThat(d.text()).contains("Content-Type: application/octet-stream");
                    assertThat(d.body()).isEqualTo(plaintext.getBytes(StandardCharsets.US_ASCII));
                    Vectors.Verified r = Vectors.verify(wrapped, VerifyOptions.trusting().withDecryptionKeys(KeyHistory.of(key)));
                    invalid(r, "not signed");
                    assertThat(r.encryptedLayer().decrypted()).isTrue();
                    assertThat(r.body()).isEqualTo(plaintext.getBytes(StandardCharsets.US_ASCII));
                });
    }

    static List<VectorCase.Skipped> skipped() {
        return List.of(new VectorCase.Skipped(DIR + "pkcs7/signed-opaque.msg",
                "UNDETERMINED in the manifest: no pyca test references it, and its eContent is absent"));
    }
}
