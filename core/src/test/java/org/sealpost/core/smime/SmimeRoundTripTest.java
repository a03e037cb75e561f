package org.sealpost.core.smime;

import static org.sealpost.core.testing.SmimeOps.encrypt;
import static org.sealpost.core.testing.SmimeOps.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;
import org.sealpost.core.keys.EphemeralPki;

class SmimeRoundTripTest {
    private static final EphemeralPki PKI = new EphemeralPki("roundtrip");
    private static final Identity ALICE = PKI.rsa("alice@example.org");
    private static final Identity BOB = PKI.rsa("bob@example.org");
    private static final byte[] MESSAGE = Messages.plain("Alice <alice@example.org>", "bob@example.org",
            "Hello Bob,\nthis line ends in LF only.\r\nThis one in CRLF.\n");

    private final SmimeDecryptor decryptor = new SmimeDecryptor();
    private final SmimeVerifier verifier = new SmimeVerifier();

    @ParameterizedTest
    @CsvSource({"DETACHED", "OPAQUE"})
    void signedMessageVerifiesAndKeepsItsContent(SignatureForm form) throws Exception {
        byte[] signed = sign(MESSAGE, SignOptions.detached(ALICE).withForm(form));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root()), content);

        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.signers()).singleElement().satisfies(s -> {
            assertThat(s.email()).contains("alice@example.org");
            assertThat(s.valid()).isTrue();
            assertThat(s.trusted()).isTrue();
            assertThat(s.digestAlgorithm()).isEqualTo("sha-256");
            assertThat(s.signingTime()).isPresent();
        });
        String text = content.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Subject: Test message").contains("this line ends in LF only.\r\nThis one in CRLF.\r\n");
    }

    @Test
    void detachedSignatureKeepsEnvelopeHeadersOutside() throws Exception {
        String signed = new String(sign(MESSAGE, SignOptions.detached(ALICE)), StandardCharsets.ISO_8859_1);
        assertThat(signed).startsWith("From: Alice <alice@example.org>\r\n");
        assertThat(signed).contains("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;");
        assertThat(signed.indexOf("Content-Type: text/plain")).isGreaterThan(signed.indexOf("multipart/signed"));
    }

    @Test
    void eightBitTextIsQuotedPrintableBeforeADetachedSignature() throws Exception {
        byte[] utf8 = ("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Umlaute\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Grüße aus Köln\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] signed = sign(utf8, SignOptions.detached(ALICE));
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Content-Transfer-Encoding: quoted-printable").doesNotContain("8bit");
        for (byte b : signed) {
            assertThat(b).as("7-bit output").isNotNegative();
        }

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root()), content);
        assertThat(report.valid()).as(report.reason()).isTrue();
        var mime = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(content.toByteArray()));
        assertThat(mime.getContent()).isEqualTo("Grüße aus Köln\r\n");
    }

    @Test
    void dualSignatureHasTwoSignersInOneSignedData() throws Exception {
        Identity second = new EphemeralPki("vp").rsa("alice@example.org");
        byte[] signed = sign(MESSAGE, new SignOptions(List.of(ALICE, second), SignatureForm.DETACHED,
                org.sealpost.core.smime.sign.DigestAlgorithm.SHA256, java.util.Optional.empty(), java.util.Optional.empty()));
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root()), null);
        assertThat(report.layers()).hasSize(1);
        assertThat(report.signers()).hasSize(2);
        assertThat(report.signers().get(0).trusted()).isTrue();
        assertThat(report.signers().get(1).valid()).isTrue();
        assertThat(report.signers().get(1).trusted()).as("second root not given as anchor").isFalse();
        assertThat(report.valid()).isFalse();
    }

    @Test
    void tamperedContentIsInvalid() throws Exception {
        String signed = new String(sign(MESSAGE, SignOptions.detached(ALICE)), StandardCharsets.ISO_8859_1);
        byte[] tampered = signed.replace("Hello Bob", "Hello Eve").getBytes(StandardCharsets.ISO_8859_1);
        VerificationReport report = verifier.verify(MessageSource.of(tampered), VerifyOptions.trusting(PKI.root()), null);
        assertThat(report.valid()).isFalse();
        assertThat(report.signers().get(0).valid()).isFalse();
        assertThat(report.reason()).contains("altered");
    }

    @Test
    void signerMustMatchTheFromAddress() throws Exception {
        byte[] fromEve = Messages.plain("eve@example.org", "bob@example.org", "hi\r\n");
        byte[] signed = sign(fromEve, SignOptions.detached(ALICE));
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root()), null);
        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).contains("not for the From address eve@example.org");
    }

    @Test
    void withoutTrustAnchorTheSignerIsValidButNotTrusted() throws Exception {
        byte[] signed = sign(MESSAGE, SignOptions.detached(ALICE));
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(), null);
        assertThat(report.signers().get(0).valid()).isTrue();
        assertThat(report.signers().get(0).trusted()).isFalse();
        assertThat(report.valid()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "AES256_GCM, OAEP, RSA",
            "AES256_GCM, PKCS1, RSA",
            "AES256_CBC, OAEP, RSA",
            "AES256_CBC, PKCS1, RSA",
            "AES256_GCM, OAEP, secp256r1",
            "AES256_CBC, OAEP, secp384r1"})
    void encryptedMessageDecryptsForEveryRecipient(ContentCipher cipher, KeyTransport transport, String keyType) throws Exception {
        Identity carol = keyType.equals("RSA") ? PKI.rsa("carol@example.org") : PKI.ec("carol@example.org", keyType);
        EncryptOptions options = EncryptOptions.to(Recipient.of(BOB.certificate()), Recipient.of(carol.certificate()))
                .withCipher(cipher).withKeyTransport(transport);
        byte[] encrypted = encrypt(MESSAGE, options);
        assertThat(new String(encrypted, StandardCharsets.ISO_8859_1))
                .contains(cipher == ContentCipher.AES256_GCM ? "smime-type=authEnveloped-data" : "smime-type=enveloped-data")
                .doesNotContain("Hello Bob");

        for (Identity who : List.of(BOB, carol)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var result = decryptor.decrypt(MessageSource.of(encrypted), out, KeyHistory.of(who));
            assertThat(result.contentCipher()).isEqualTo(cipher.cliName());
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("Subject: Test message").contains("Hello Bob");
        }
    }

    @Test
    void bareKeyRecipientIsFoundBySubjectKeyIdentifier() throws Exception {
        Identity dave = PKI.rsa("dave@example.org");
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(dave.certificate().getPublicKey())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decryptor.decrypt(MessageSource.of(encrypted), out, KeyHistory.of(dave));
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("Hello Bob");
    }

    @Test
    void keyHistoryFindsAnOlderKey() throws Exception {
        Identity old = PKI.rsa("bob-old@example.org");
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(old.certificate())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var result = decryptor.decrypt(MessageSource.of(encrypted), out, KeyHistory.of(BOB, old));
        assertThat(result.keyCertificate()).isEqualTo(old.certificate());
    }

    @Test
    void noMatchingKeyIsAClearError() throws Exception {
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(BOB.certificate())));
        assertThatThrownBy(() -> decryptor.decrypt(MessageSource.of(encrypted), new ByteArrayOutputStream(), KeyHistory.of(ALICE)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("matches any of the 1 recipient");
    }

    @Test
    void unknownRecipientsGetCbcAndPkcs1ByDefault() throws Exception {
        EncryptOptions options = EncryptOptions.to(Recipient.of(BOB.certificate()));
        assertThat(options.effectiveCipher()).isEqualTo(ContentCipher.AES256_CBC);
        assertThat(options.effectiveKeyTransport(options.recipients().get(0))).isEqualTo(KeyTransport.PKCS1);
    }

    @Test
    void signThenEncryptVerifiesThroughBothLayers() throws Exception {
        byte[] signed = sign(MESSAGE, SignOptions.detached(ALICE));
        byte[] wrapped = encrypt(signed, EncryptOptions.to(Recipient.of(BOB.certificate()), Recipient.of(ALICE.certificate()))
                .withCipher(ContentCipher.AES256_GCM));
        VerificationReport report = verifier.verify(MessageSource.of(wrapped),
                VerifyOptions.trusting(PKI.root()).withDecryptionKeys(KeyHistory.of(BOB)), null);
        assertThat(report.layers()).hasSize(2);
        assertThat(report.layers().get(0)).isInstanceOfSatisfying(Layer.Encrypted.class, e -> {
            assertThat(e.decrypted()).isTrue();
            assertThat(e.contentCipher()).isEqualTo("aes256-gcm");
        });
        assertThat(report.valid()).as(report.reason()).isTrue();
    }

    @Test
    void tripleWrappedMessageVerifiesEveryLayer() throws Exception {
        byte[] inner = sign(MESSAGE, SignOptions.detached(ALICE));
        byte[] middle = encrypt(inner, EncryptOptions.to(Recipient.of(BOB.certificate())));
        byte[] outer = sign(middle, SignOptions.detached(ALICE).withForm(SignatureForm.OPAQUE));
        VerificationReport report = verifier.verify(MessageSource.of(outer),
                VerifyOptions.trusting(PKI.root()).withDecryptionKeys(KeyHistory.of(BOB)), null);
        assertThat(report.layers()).hasSize(3);
        assertThat(report.signers()).hasSize(2).allMatch(s -> s.valid() && s.trusted());
        assertThat(report.valid()).isTrue();
    }

    @Test
    void gcmDecryptsOnBothTheInMemoryAndTheStreamingPath() throws Exception {
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(BOB.certificate())).withCipher(ContentCipher.AES256_GCM));
        var entity = org.sealpost.core.mime.Entity.parse(MessageSource.of(encrypted));
        for (long sizeHint : new long[] {encrypted.length, Long.MAX_VALUE}) {
            var opened = org.sealpost.core.smime.decrypt.EnvelopeOpener.open(entity.openDecodedBody(), KeyHistory.of(BOB), sizeHint);
            assertThat(new String(opened.plaintext().readAllBytes(), StandardCharsets.ISO_8859_1)).contains("Hello Bob");
        }
    }

    @Test
    void moreThanEightNestedLayersAreRefusedRatherThanHalfChecked() throws Exception {
        byte[] message = MESSAGE;
        for (int i = 0; i < 9; i++) {
            message = sign(message, SignOptions.detached(ALICE).withForm(SignatureForm.OPAQUE));
        }
        byte[] nine = message;
        assertThatThrownBy(() -> verifier.verify(MessageSource.of(nine), VerifyOptions.trusting(PKI.root()), null))
                .isInstanceOf(org.sealpost.core.MalformedMessageException.class)
                .hasMessageContaining("more than 8 nested");
        byte[] eight = MESSAGE;
        for (int i = 0; i < 8; i++) {
            eight = sign(eight, SignOptions.detached(ALICE).withForm(SignatureForm.OPAQUE));
        }
        assertThat(verifier.verify(MessageSource.of(eight), VerifyOptions.trusting(PKI.root()), null).valid()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"-60", "-40", "-20"})
    void gcmTamperingIsDetectedOnTheStreamingPathToo(int fromEnd) throws Exception {
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(BOB.certificate())).withCipher(ContentCipher.AES256_GCM));
        var entity = org.sealpost.core.mime.Entity.parse(MessageSource.of(encrypted));
        byte[] der = entity.openDecodedBody().readAllBytes();
        // Near the end of the DER: the last ciphertext bytes and the tag (the content is the last big field).
        der[der.length + fromEnd] ^= 0x01;
        var opened = org.sealpost.core.smime.decrypt.EnvelopeOpener.open(new java.io.ByteArrayInputStream(der), KeyHistory.of(BOB),
                Long.MAX_VALUE);
        assertThatThrownBy(() -> opened.plaintext().readAllBytes()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void decryptedOutputHasOneMimeVersionWhenTheInnerEntityBringsItsOwn() throws Exception {
        // Thunderbird and others encrypt an entity that carries MIME-Version itself.
        var gen = new org.bouncycastle.cms.CMSEnvelopedDataGenerator();
        gen.addRecipientInfoGenerator(new org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator(BOB.certificate()));
        byte[] inner = "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] der = gen.generate(new org.bouncycastle.cms.CMSProcessableByteArray(inner),
                new org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder(org.bouncycastle.cms.CMSAlgorithm.AES256_CBC).build())
                .getEncoded();
        byte[] message = ("From: alice@example.org\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decryptor.decrypt(MessageSource.of(message), out, KeyHistory.of(BOB));
        String text = out.toString(StandardCharsets.US_ASCII);
        assertThat(text.split("MIME-Version", -1)).hasSize(2);
        assertThat(text).startsWith("From: alice@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/plain");
    }

    @Test
    void gcmTamperingIsDetected() throws Exception {
        byte[] encrypted = encrypt(MESSAGE, EncryptOptions.to(Recipient.of(BOB.certificate())).withCipher(ContentCipher.AES256_GCM));
        String text = new String(encrypted, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\r\n\r\n") + 4;
        // Flip a base64 character near the end of the ciphertext (inside the encrypted content).
        int pos = text.length() - 60;
        char c = text.charAt(pos);
        char flipped = c == 'A' ? 'B' : 'A';
        byte[] tampered = (text.substring(0, pos) + flipped + text.substring(pos + 1)).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(pos).isGreaterThan(body);
        assertThatThrownBy(() -> decryptor.decrypt(MessageSource.of(tampered), new ByteArrayOutputStream(), KeyHistory.of(BOB)))
                .isInstanceOf(org.sealpost.core.SmimeException.class);
    }


}
