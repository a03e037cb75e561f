package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.sealpost.core.mime.CanonicalOutputStream;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;

/**
 * Round trips over awkward messages: binary-ish bodies, very long lines, LF-only, CR-only and
 * mixed line endings, a trailing lone CR, an empty body, and 8-bit bytes in header fields, both in
 * the envelope and in the Content-* fields that travel inside the protection. Signing then
 * verifying must be valid and hand back exactly the canonical (CRLF) form of the entity;
 * encrypting then decrypting must hand back exactly the same.
 */
@AddLifecycleHook(FuzzTries.class)
class RoundTripPropertiesTest {

    @Property(tries = 150)
    void signedMessagesVerifyWithTheirCanonicalContent(@ForAll("messages") byte[] message, @ForAll SignatureForm form)
            throws Exception {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), signed, SignOptions.detached(Corpus.ALICE).withForm(form));

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(signed.toByteArray()), Corpus.TRUST, content);

        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(content.toByteArray()).isEqualTo(expectedSignedOutput(message, form));
    }

    @Property(tries = 150)
    void encryptedMessagesDecryptToTheSameContent(@ForAll("messages") byte[] message, @ForAll ContentCipher cipher,
                                                  @ForAll boolean toEc) throws Exception {
        Recipient to = Recipient.of((toEc ? Corpus.CAROL_EC : Corpus.BOB).certificate());
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(message), encrypted,
                EncryptOptions.to(to).withCipher(cipher).withKeyTransport(KeyTransport.OAEP));

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(encrypted.toByteArray()), plain, Corpus.KEYS);

        assertThat(plain.toByteArray()).isEqualTo(expectedOutput(message));
    }

    @Property(tries = 50)
    void signedThenEncryptedMessagesVerifyThroughBothLayers(@ForAll("messages") byte[] message) throws Exception {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), signed, SignOptions.detached(Corpus.ALICE));
        ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(signed.toByteArray()), wrapped,
                EncryptOptions.to(Recipient.of(Corpus.BOB.certificate())).withCipher(ContentCipher.AES256_GCM));

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(wrapped.toByteArray()),
                Corpus.TRUST_WITH_KEYS, content);

        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(content.toByteArray()).isEqualTo(expectedSignedOutput(message, SignatureForm.DETACHED));
    }

    /**
     * A detached signature re-encodes a single-part body holding 8-bit bytes or over-long lines
     * (quoted-printable for text, base64 otherwise) so that 7-bit relays cannot break it; the
     * decoded body must still be the original one (canonicalized for text).
     */
    private static byte[] expectedSignedOutput(byte[] message, SignatureForm form) throws Exception {
        Entity entity = Entity.parse(MessageSource.of(message));
        if (form != SignatureForm.DETACHED || !entity.needsSevenBitEncoding()) {
            return expectedOutput(message);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeEnvelopeFields(out);
        out.write("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
        entity.writeSevenBitInnerEntity(out);
        byte[] expected = out.toByteArray();
        var part = new jakarta.mail.internet.MimeBodyPart(new java.io.ByteArrayInputStream(expected));
        byte[] decoded;
        try (var in = part.getInputStream()) {
            decoded = in.readAllBytes();
        }
        byte[] rawBody = java.util.Arrays.copyOfRange(message, (int) entity.headers().bodyOffset(), message.length);
        byte[] original = rawBody;
        if (entity.baseType().startsWith("text/")) {
            ByteArrayOutputStream canonical = new ByteArrayOutputStream();
            try (CanonicalOutputStream c = new CanonicalOutputStream(canonical)) {
                c.write(rawBody);
            }
            original = canonical.toByteArray();
        }
        assertThat(decoded).as("decoded re-encoded body").isEqualTo(original);
        return expected;
    }

    /**
     * What verify and decrypt hand back: the envelope fields, MIME-Version, then the protected entity
     * (its Content-* fields and body) with every line ending made CRLF.
     */
    private static byte[] expectedOutput(byte[] message) throws Exception {
        Entity entity = Entity.parse(MessageSource.of(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeEnvelopeFields(out);
        out.write("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
        entity.writeInnerEntity(out);
        byte[] expected = out.toByteArray();
        // Independent check of the body part of that expectation: the canonical form of the raw body.
        byte[] rawBody = java.util.Arrays.copyOfRange(message, (int) entity.headers().bodyOffset(), message.length);
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        try (CanonicalOutputStream c = new CanonicalOutputStream(canonical)) {
            c.write(rawBody);
        }
        assertThat(java.util.Arrays.copyOfRange(expected, expected.length - canonical.size(), expected.length))
                .isEqualTo(canonical.toByteArray());
        return expected;
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Combinators.combine(headers(), bodies()).as(RoundTripPropertiesTest::concat);
    }

    private static Arbitrary<byte[]> headers() {
        Arbitrary<String> eightBit = Arbitraries.strings().withCharRange('\u0080', '\u00ff').withChars(' ', 'a', 'z')
                .ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> contentType = Arbitraries.of(
                "", "Content-Type: text/plain; charset=utf-8\r\n", "Content-Type: text/plain; charset=iso-8859-1\r\n",
                "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n",
                "Content-Type: text/html;\r\n\tcharset=\"utf-8\"\r\n");
        return Combinators.combine(eightBit, eightBit, contentType, Arbitraries.of(true, false)).as((subject, description, type, lfOnly) -> {
            String h = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n"
                    + "X-Eight-Bit: " + subject + description + "\r\n" + type
                    + "Content-Description: " + description + "\r\n\r\n";
            if (lfOnly) {
                h = h.replace("\r\n", "\n");
            }
            return h.getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    private static Arbitrary<byte[]> bodies() {
        Arbitrary<String> line = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').ofMaxLength(80);
        Arbitrary<List<String>> lines = line.list().ofMaxSize(30);
        Arbitrary<String> endings = Arbitraries.of("\r\n", "\n", "\r");
        Arbitrary<byte[]> lfOnly = lines.map(l -> latin1(String.join("\n", l) + "\n"));
        Arbitrary<byte[]> crOnly = lines.map(l -> latin1(String.join("\r", l) + "\r"));
        Arbitrary<byte[]> mixed = Combinators.combine(lines, endings.list().ofSize(31)).as((l, e) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                sb.append(l.get(i)).append(e.get(i));
            }
            return latin1(sb.toString());
        });
        Arbitrary<byte[]> trailingCr = lines.map(l -> latin1(String.join("\r\n", l) + "\r"));
        Arbitrary<byte[]> longLines = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(998).ofMaxLength(20_000)
                .list().ofMinSize(1).ofMaxSize(3).map(l -> latin1(String.join("\r\n", l)));
        Arbitrary<byte[]> binaryish = Arbitraries.bytes().array(byte[].class).ofMaxSize(4000);
        Arbitrary<byte[]> empty = Arbitraries.just(new byte[0]);
        return Arbitraries.oneOf(lfOnly, crOnly, mixed, trailingCr, longLines, binaryish, empty);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
