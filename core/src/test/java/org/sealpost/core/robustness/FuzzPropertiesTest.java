package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.mime.EntityHeaders;
import org.sealpost.core.mime.HeaderField;
import org.sealpost.core.robustness.Corpus.Op;

/**
 * Property-based fuzzing of the parsers: arbitrary bytes, header-like noise, and valid messages
 * damaged at the MIME level or inside their CMS DER (bit flips, overwrites, deletions, insertions,
 * truncation, duplicated spans, absurd ASN.1 lengths). Whatever the input, each operation ends in
 * a result or a {@link org.sealpost.core.SmimeException} with a one-line message: never a
 * RuntimeException, an Error or an IOException, which would mean a parser error leaked.
 *
 * <p>Tries are bounded so that the class runs in seconds; {@code -Dsealpost.fuzz.tries=100000}
 * (see {@link FuzzTries}) turns it into a long fuzzing run.
 */
@AddLifecycleHook(FuzzTries.class)
class FuzzPropertiesTest {
    private static final List<byte[]> MESSAGES = List.of(Corpus.PLAIN, Corpus.SIGNED_DETACHED, Corpus.SIGNED_OPAQUE,
            Corpus.ENCRYPTED_GCM, Corpus.ENCRYPTED_CBC, Corpus.SIGNED_THEN_ENCRYPTED);
    private static final List<byte[]> CMS_MESSAGES = MESSAGES.subList(1, MESSAGES.size());

    @Property(tries = 1000)
    void headerReaderReturnsHeadersOrRefuses(@ForAll("headerNoise") byte[] input) throws Exception {
        EntityHeaders headers;
        try {
            headers = EntityHeaders.read(new ByteArrayInputStream(input));
        } catch (MalformedMessageException e) {
            Corpus.requireUserFacingMessage(e, "header noise");
            return;
        }
        assertThat(headers.bodyOffset()).isBetween(0L, (long) input.length);
        assertThat(headers.fields()).isNotEmpty().allSatisfy(f -> assertThat(f.name()).isNotBlank());
        headers.fields().forEach(HeaderField::value);
        headers.fromAddress();
        assertThat(headers.transferEncoding()).isNotNull();
        try {
            assertThat(headers.contentType().getBaseType()).isNotNull();
        } catch (MalformedMessageException e) {
            Corpus.requireUserFacingMessage(e, "header noise");
        }
    }

    @Property(tries = 500)
    void verifyReturnsAReportOrAnEngineError(@ForAll("hostileMessages") byte[] input) {
        Corpus.attempt(Op.VERIFY, input, "fuzz input");
    }

    @Property(tries = 500)
    void decryptDecryptsOrReportsAnEngineError(@ForAll("hostileMessages") byte[] input) {
        Corpus.attempt(Op.DECRYPT, input, "fuzz input");
    }

    @Property(tries = 500)
    void inspectDescribesOrReportsAnEngineError(@ForAll("hostileMessages") byte[] input) {
        Corpus.attempt(Op.INSPECT, input, "fuzz input");
    }

    @Property(tries = 100)
    void signAndEncryptAcceptAnyMessageOrReportAnEngineError(@ForAll("hostileMessages") byte[] input) {
        Corpus.attempt(Op.SIGN, input, "fuzz input");
        Corpus.attempt(Op.ENCRYPT, input, "fuzz input");
    }

    @Provide
    Arbitrary<byte[]> headerNoise() {
        List<String> tokens = List.of("From", "Content-Type", "Content-Transfer-Encoding", "X-A", ":", ": ", " ", "\t",
                "\r", "\n", "\r\n", "\r\n\r\n", "a", "\u00e9", "\u00ff", "\u0000", "\u007f", ";", "=", "\"", "(", ")", "<", ">",
                "@", ",", "\\", "multipart/signed; boundary=", "application/pkcs7-mime; smime-type=signed-data",
                "text/plain; charset=", "*0*=utf-8''%E9", "=?utf-8?B?w6k=?=", "Alice <alice@example.org>", "base64");
        Arbitrary<byte[]> structured = Arbitraries.of(tokens).list().ofMaxSize(120)
                .map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(structured, Arbitraries.bytes().array(byte[].class).ofMaxSize(2048));
    }

    @Provide
    Arbitrary<byte[]> hostileMessages() {
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<byte[]> rawDamage = Combinators.combine(Arbitraries.of(MESSAGES), mutations)
                .as((message, list) -> Mutation.applyAll(list, message));
        Arbitrary<byte[]> derDamage = Combinators.combine(Arbitraries.of(CMS_MESSAGES), mutations)
                .as((message, list) -> Corpus.rewrap(message, Mutation.applyAll(list, Corpus.cmsDer(message))));
        Arbitrary<byte[]> randomBody = Combinators.combine(Arbitraries.of(SMIME_HEADERS),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(3000), Arbitraries.of(true, false))
                .as((header, body, encode) -> concat(header.getBytes(StandardCharsets.ISO_8859_1),
                        encode ? Base64.getMimeEncoder().encode(body) : body));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, rawDamage),
                net.jqwik.api.Tuple.of(5, derDamage),
                net.jqwik.api.Tuple.of(2, randomBody),
                net.jqwik.api.Tuple.of(1, noise));
    }

    private static final List<String> SMIME_HEADERS = List.of(
            "From: a@example.org\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n",
            "From: a@example.org\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n",
            "From: a@example.org\r\nContent-Type: application/x-pkcs7-mime\r\nContent-Transfer-Encoding: binary\r\n\r\n",
            "From: a@example.org\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"b\"\r\n\r\n"
                    + "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/pkcs7-signature\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n",
            "From: a@example.org\r\nContent-Type: multipart/signed; boundary=\"b\"\r\n\r\n--b\r\n");

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.integers().between(1, 64), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as(Mutation::new);
    }

    /** One kind of damage at a position (taken modulo the input's length). */
    record Mutation(Kind kind, int position, int length, byte[] data) {
        enum Kind { FLIP_BIT, OVERWRITE, DELETE, INSERT, TRUNCATE, DUPLICATE, HUGE_LENGTH, INDEFINITE_LENGTH }

        static byte[] applyAll(List<Mutation> list, byte[] input) {
            byte[] out = input;
            for (Mutation m : list) {
                out = m.apply(out);
            }
            return out;
        }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int at = position % in.length;
            int n = Math.min(length, in.length - at);
            return switch (kind) {
                case FLIP_BIT -> {
                    byte[] out = in.clone();
                    out[at] ^= (byte) (1 << (data[0] & 7));
                    yield out;
                }
                case OVERWRITE -> {
                    byte[] out = in.clone();
                    System.arraycopy(data, 0, out, at, Math.min(data.length, in.length - at));
                    yield out;
                }
                case DELETE -> concat(java.util.Arrays.copyOf(in, at), java.util.Arrays.copyOfRange(in, at + n, in.length));
                case INSERT -> splice(in, at, 0, data);
                case TRUNCATE -> java.util.Arrays.copyOf(in, at);
                case DUPLICATE -> splice(in, at, 0, java.util.Arrays.copyOfRange(in, at, at + n));
                // A long-form ASN.1 length claiming far more than is there: about 2 GiB, 117 MiB or 64 KiB.
                case HUGE_LENGTH -> splice(in, at, 1, switch (data[0] & 3) {
                    case 0 -> new byte[] {(byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
                    case 1 -> new byte[] {(byte) 0x84, 0x07, 0x00, 0x00, 0x00};
                    case 2 -> new byte[] {(byte) 0x83, 0x01, 0x00, 0x00};
                    default -> new byte[] {(byte) 0x88, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                });
                case INDEFINITE_LENGTH -> splice(in, at, 1, new byte[] {(byte) 0x80});
            };
        }

        @Override
        public String toString() {
            return kind + "@" + position + "/" + length;
        }
    }

    static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        int end = Math.min(in.length, at + remove);
        return concat(concat(java.util.Arrays.copyOf(in, at), insert), java.util.Arrays.copyOfRange(in, end, in.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
