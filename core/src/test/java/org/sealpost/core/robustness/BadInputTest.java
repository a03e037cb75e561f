package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.robustness.Corpus.ascii;
import static org.sealpost.core.robustness.Corpus.attempt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.EntityHeaders;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.robustness.Corpus.Op;
import org.sealpost.core.robustness.Corpus.ValidReport;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;

/**
 * Bad input for every engine operation: each must end in a {@link SmimeException} with a one-line
 * message (verify may instead return a report with valid=false) and never in a RuntimeException,
 * an Error or a raw IOException.
 */
class BadInputTest {
    private static final Set<Op> ALL = EnumSet.allOf(Op.class);
    private static final Set<Op> READERS = EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT);

    static Stream<Arguments> badInputs() {
        List<Arguments> cases = new ArrayList<>();
        Random random = new Random(20261123);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);

        cases.add(Arguments.of("an empty file", new byte[0], ALL));
        cases.add(Arguments.of("random bytes", noise, ALL));
        cases.add(Arguments.of("only a blank line", ascii("\r\n\r\nbody\r\n"), ALL));
        cases.add(Arguments.of("a continuation line first", ascii(" folded: x\r\nSubject: y\r\n\r\nbody"), ALL));
        cases.add(Arguments.of("a header block over 1 MiB", hugeHeaderBlock(), ALL));
        cases.add(Arguments.of("a single 2 MiB header line", ascii("Subject: " + "a".repeat(2 << 20) + "\r\n\r\nbody\r\n"), ALL));
        cases.add(Arguments.of("3 MiB without a line break", ascii("a".repeat(3 << 20)), ALL));
        cases.add(Arguments.of("an unparseable Content-Type", ascii("From: a@example.org\r\nContent-Type: ;;=\"\r\n\r\nx\r\n"), ALL));

        String pkcs7 = "From: alice@example.org\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        cases.add(Arguments.of("random bytes as enveloped-data", concat(ascii(pkcs7), base64(noise)), READERS));
        cases.add(Arguments.of("an empty enveloped-data body", ascii(pkcs7), READERS));
        cases.add(Arguments.of("an ASN.1 SEQUENCE that is not a ContentInfo", concat(ascii(pkcs7), base64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05})), READERS));
        cases.add(Arguments.of("CMS id-data instead of enveloped-data", concat(ascii(pkcs7), base64(idData())), READERS));
        cases.add(Arguments.of("a signed-data body under smime-type=enveloped-data",
                concat(ascii(pkcs7), base64(Corpus.cmsDer(Corpus.SIGNED_OPAQUE))), EnumSet.of(Op.DECRYPT)));
        String signedType = pkcs7.replace("enveloped-data", "signed-data");
        cases.add(Arguments.of("an enveloped-data body under smime-type=signed-data",
                concat(ascii(signedType), base64(Corpus.cmsDer(Corpus.ENCRYPTED_CBC))), EnumSet.noneOf(Op.class)));

        byte[] gcm = Corpus.ENCRYPTED_GCM;
        Corpus.Span span = Corpus.cmsSpan(gcm);
        int mid = span.start() + (span.end() - span.start()) / 2;
        cases.add(Arguments.of("base64 with '=' padding in the middle", insert(gcm, mid, ascii("=")), EnumSet.of(Op.DECRYPT)));
        // Past the end of the CMS structure: nobody reads it, and the content stays the one signed or encrypted.
        cases.add(Arguments.of("base64 with a dangling character after the CMS", concat(trimCrlf(gcm), ascii("Q\r\n")), EnumSet.noneOf(Op.class)));
        cases.add(Arguments.of("base64 with characters dropped", remove(gcm, mid, 3), EnumSet.of(Op.DECRYPT)));
        cases.add(Arguments.of("base64 with garbage over the middle", overwrite(gcm, mid, ascii("!!!!****")), EnumSet.of(Op.DECRYPT)));
        cases.add(Arguments.of("base64 with garbage at the start", overwrite(gcm, span.start(), ascii("%%%%")), READERS));
        cases.add(Arguments.of("a body that is not base64 at all", concat(ascii(pkcs7), ascii("this is plain text, no base64\r\n")), READERS));

        cases.add(Arguments.of("a plain message given to decrypt", Corpus.PLAIN, EnumSet.of(Op.DECRYPT)));
        cases.add(Arguments.of("a detached signed message given to decrypt", Corpus.SIGNED_DETACHED, EnumSet.of(Op.DECRYPT)));
        cases.add(Arguments.of("an opaque signed message given to decrypt", Corpus.SIGNED_OPAQUE, EnumSet.of(Op.DECRYPT)));

        cases.add(Arguments.of("multipart/signed with 1 part", multipartSigned(1), EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("multipart/signed with 3 parts", multipartSigned(3), EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("multipart/signed without a boundary", ascii(new String(Corpus.SIGNED_DETACHED, StandardCharsets.ISO_8859_1)
                .replaceFirst("boundary=\"[^\"]*\"", "x=y")), EnumSet.of(Op.DECRYPT)));
        cases.add(Arguments.of("multipart/signed whose boundary never appears", ascii(new String(Corpus.SIGNED_DETACHED, StandardCharsets.ISO_8859_1)
                .replaceFirst("boundary=\"[^\"]*\"", "boundary=\"nowhere\"")), EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("a signature part that is not CMS", Corpus.rewrap(Corpus.SIGNED_DETACHED, ascii("not a signature")),
                EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("an empty signature part", emptySignature(), EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("a signature part holding enveloped-data",
                Corpus.rewrap(Corpus.SIGNED_DETACHED, Corpus.cmsDer(Corpus.ENCRYPTED_GCM)), EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("a signature part holding id-data", Corpus.rewrap(Corpus.SIGNED_DETACHED, idData()),
                EnumSet.of(Op.DECRYPT, Op.VERIFY, Op.INSPECT)));
        cases.add(Arguments.of("a signature part of type text/plain", ascii(new String(Corpus.SIGNED_DETACHED, StandardCharsets.ISO_8859_1)
                .replace("Content-Type: application/pkcs7-signature", "Content-Type: text/plain")), EnumSet.of(Op.DECRYPT, Op.VERIFY)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputEndsInASmimeExceptionOrAnInvalidReport(String what, byte[] input, Set<Op> mustFail) {
        for (Op op : Op.values()) {
            Throwable outcome = attempt(op, input, what);
            if (!mustFail.contains(op)) {
                continue;
            }
            if (op == Op.VERIFY) {
                assertThat(outcome instanceof ValidReport).as("verify of %s reported valid", what).isFalse();
            } else {
                assertThat(outcome).as("%s of %s", op, what).isInstanceOf(SmimeException.class);
            }
        }
    }

    @Test
    void verifyOfAPlainMessageIsInvalidNotAnError() throws Exception {
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(Corpus.PLAIN), Corpus.TRUST, null);
        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).isEqualTo("the message is not signed");
    }

    @Test
    void headerLimitsAreEnforcedByTheReader() {
        assertThat(attempt(in -> EntityHeaders.read(in), hugeHeaderBlock(), "huge header block"))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("larger than");
        assertThat(attempt(in -> EntityHeaders.read(in), ascii("X: " + "b".repeat(EntityHeaders.MAX_HEADER_BYTES)), "huge line"))
                .isInstanceOf(MalformedMessageException.class);
    }

    static Stream<Arguments> truncatable() {
        return Stream.of(
                Arguments.of("detached signed", Corpus.SIGNED_DETACHED),
                Arguments.of("opaque signed", Corpus.SIGNED_OPAQUE),
                Arguments.of("AES-GCM encrypted", Corpus.ENCRYPTED_GCM),
                Arguments.of("AES-CBC encrypted", Corpus.ENCRYPTED_CBC),
                Arguments.of("signed then encrypted", Corpus.SIGNED_THEN_ENCRYPTED));
    }

    /**
     * A message cut short never yields other content than the intact one: decrypt either fails or
     * writes exactly what the intact message decrypts to, verify either fails or reports valid over
     * exactly the intact content, inspect either fails or describes it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatable")
    void truncatedMessagesNeverYieldOtherContent(String what, byte[] message) throws Exception {
        byte[] intactPlain = decryptOrNull(message);
        byte[] intactContent = verifiedContent(message);
        for (int cut : cutPoints(message)) {
            byte[] truncated = java.util.Arrays.copyOf(message, cut);
            String label = what + " cut at " + cut + " of " + message.length;
            attempt(Op.INSPECT, truncated, label);
            attempt(Op.SIGN, truncated, label);

            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            Throwable d = attempt(in -> new SmimeDecryptor().decrypt(in, plain, Corpus.KEYS), truncated, label);
            if (d == null) {
                assertThat(plain.toByteArray()).as("decrypted %s", label).isEqualTo(intactPlain);
            }

            ByteArrayOutputStream content = new ByteArrayOutputStream();
            Throwable v = attempt(in -> {
                VerificationReport r = new SmimeVerifier().verify(in, Corpus.TRUST_WITH_KEYS, content);
                if (r.valid()) {
                    throw new ValidReport(r);
                }
            }, truncated, label);
            if (v instanceof ValidReport) {
                assertThat(content.toByteArray()).as("content reported valid for %s", label).isEqualTo(intactContent);
            }
        }
    }

    private static Set<Integer> cutPoints(byte[] message) {
        Set<Integer> cuts = new TreeSet<>();
        int step = Math.max(1, message.length / 60);
        for (int i = 0; i < message.length; i += step) {
            cuts.add(i);
        }
        Corpus.Span span = Corpus.cmsSpan(message);
        for (int i = 1; i <= 24; i++) {
            cuts.add(span.end() - i);
            cuts.add(message.length - i);
            cuts.add(span.start() + i);
        }
        cuts.removeIf(c -> c < 0 || c >= message.length);
        return cuts;
    }

    private static byte[] decryptOrNull(byte[] message) {
        try {
            return Corpus.decrypted(message);
        } catch (Exception e) {
            return null;
        }
    }

    static byte[] verifiedContent(byte[] message) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport r = new SmimeVerifier().verify(MessageSource.of(message), Corpus.TRUST_WITH_KEYS, content);
        return r.valid() ? content.toByteArray() : null;
    }

    private static byte[] hugeHeaderBlock() {
        StringBuilder sb = new StringBuilder("From: alice@example.org\r\n");
        String filler = "x".repeat(1000);
        for (int i = 0; sb.length() <= EntityHeaders.MAX_HEADER_BYTES + 4096; i++) {
            sb.append("X-Filler-").append(i).append(": ").append(filler).append("\r\n");
        }
        return ascii(sb.append("\r\nbody\r\n").toString());
    }

    private static byte[] multipartSigned(int parts) {
        byte[] sig = Corpus.cmsDer(Corpus.SIGNED_DETACHED);
        StringBuilder sb = new StringBuilder("From: alice@example.org\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"b1\"\r\n\r\n");
        sb.append("--b1\r\nContent-Type: text/plain\r\n\r\nHello Bob,\r\n");
        for (int i = 1; i < parts; i++) {
            sb.append("\r\n--b1\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n");
            sb.append(new String(base64(sig), StandardCharsets.ISO_8859_1));
        }
        sb.append("\r\n--b1--\r\n");
        return ascii(sb.toString());
    }

    private static byte[] emptySignature() {
        Corpus.Span s = Corpus.cmsSpan(Corpus.SIGNED_DETACHED);
        byte[] m = Corpus.SIGNED_DETACHED;
        return concat(java.util.Arrays.copyOf(m, s.start()), java.util.Arrays.copyOfRange(m, s.end() + 2, m.length));
    }

    /** ContentInfo { id-data, [0] OCTET STRING "hi" }. */
    private static byte[] idData() {
        try {
            return new org.bouncycastle.asn1.cms.ContentInfo(org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data,
                    new org.bouncycastle.asn1.DEROctetString(ascii("hi"))).getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] base64(byte[] data) {
        return concat(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encode(data), ascii("\r\n"));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] trimCrlf(byte[] m) {
        int n = m.length;
        while (n > 0 && (m[n - 1] == '\r' || m[n - 1] == '\n')) {
            n--;
        }
        return concat(java.util.Arrays.copyOf(m, n), ascii("\r\n"));
    }

    private static byte[] insert(byte[] m, int at, byte[] what) {
        return concat(concat(java.util.Arrays.copyOf(m, at), what), java.util.Arrays.copyOfRange(m, at, m.length));
    }

    private static byte[] remove(byte[] m, int at, int n) {
        return concat(java.util.Arrays.copyOf(m, at), java.util.Arrays.copyOfRange(m, at + n, m.length));
    }

    private static byte[] overwrite(byte[] m, int at, byte[] what) {
        byte[] out = m.clone();
        System.arraycopy(what, 0, out, at, what.length);
        return out;
    }
}
