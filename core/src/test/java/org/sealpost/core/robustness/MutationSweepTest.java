package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.robustness.Corpus.ValidReport;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;

/**
 * Bit-flip sweeps over the CMS DER of engine-made messages, in the manner of Tink's ciphertext
 * mutation tests: flip one bit at a time, put the DER back into the message and check that
 *
 * <ul>
 *   <li>decrypting AES-256-GCM either fails with a {@link SmimeException} or, when the flipped bit
 *       is in a field GCM does not authenticate and the engine does not need (another recipient's
 *       entry, an unused OID's encoding), yields exactly the original plaintext: never other
 *       plaintext without an error;</li>
 *   <li>verifying never reports valid=true once the signed content, the signed attributes or the
 *       signature value changed, and whenever it does report valid=true the content it hands out is
 *       exactly the original.</li>
 * </ul>
 *
 * Every byte is swept for DER up to {@link #POSITIONS} bytes long; longer DER is sampled evenly,
 * plus up to {@link #PROTECTED_POSITIONS} positions in each protected field, to keep the whole class
 * at about ten seconds on a small machine. Run with {@code -Dsealpost.sweep.positions=100000} to
 * flip a bit in every byte of every message (ten to thirty seconds).
 */
class MutationSweepTest {
    private static final int POSITIONS = Integer.getInteger("sealpost.sweep.positions", 400);
    private static final int PROTECTED_POSITIONS = Math.max(POSITIONS / 4, 1);

    @Test
    void gcmMutationsNeverYieldOtherPlaintext() throws Exception {
        sweepGcm(encryptGcm(Recipient.of(Corpus.BOB.certificate())), KeyHistory.of(Corpus.BOB));
    }

    @Test
    void gcmMutationsNeverYieldOtherPlaintextWithKeyAgreement() throws Exception {
        sweepGcm(encryptGcm(Recipient.of(Corpus.CAROL_EC.certificate())), KeyHistory.of(Corpus.CAROL_EC));
    }

    private static void sweepGcm(byte[] message, KeyHistory keys) throws Exception {
        byte[] expected = decrypt(message, keys);
        byte[] der = Corpus.cmsDer(message);
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        List<Integer> positions = positions(der.length, List.of());
        for (int pos : positions) {
            byte[] mutated = Corpus.rewrap(message, flip(der, pos));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Throwable t = Corpus.attempt(in -> new SmimeDecryptor().decrypt(in, out, keys), mutated, "GCM DER bit flip at " + pos);
            if (t == null && !java.util.Arrays.equals(out.toByteArray(), expected)) {
                problems.add("flip at DER offset " + pos + " decrypted to different plaintext without an error");
            }
            if (t != null) {
                rejected++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(rejected).as("most flips must be caught").isGreaterThan(positions.size() / 2);
    }

    @Test
    void opaqueSignatureMutationsNeverVerifyOtherContent() throws Exception {
        sweepSigned(Corpus.SIGNED_OPAQUE, SignatureForm.OPAQUE);
    }

    @Test
    void detachedSignatureMutationsNeverVerifyOtherContent() throws Exception {
        sweepSigned(Corpus.SIGNED_DETACHED, SignatureForm.DETACHED);
    }

    /** Every byte of the signed MIME part of a multipart/signed message is covered by the signature. */
    @Test
    void detachedSignedPartMutationsAreAllInvalid() throws Exception {
        byte[] message = Corpus.SIGNED_DETACHED;
        String text = new String(message, java.nio.charset.StandardCharsets.ISO_8859_1);
        String boundary = text.substring(text.indexOf("boundary=\"") + 10, text.indexOf('"', text.indexOf("boundary=\"") + 10));
        int start = text.indexOf("--" + boundary + "\r\n") + boundary.length() + 4;
        int end = text.indexOf("\r\n--" + boundary, start);
        List<String> problems = new ArrayList<>();
        for (int pos = start; pos < end; pos++) {
            for (int bit : new int[] {pos % 8, 5}) {
                byte[] mutated = message.clone();
                mutated[pos] ^= (byte) (1 << bit);
                Throwable t = Corpus.attempt(Corpus.Op.VERIFY, mutated, "signed part flip at " + pos);
                if (t instanceof ValidReport) {
                    problems.add("flip of bit " + bit + " at message offset " + pos + " still verifies");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void sweepSigned(byte[] message, SignatureForm form) throws Exception {
        byte[] der = Corpus.cmsDer(message);
        byte[] content = BadInputTest.verifiedContent(message);
        assertThat(content).as("the intact message verifies").isNotNull();

        SignerInformation si = new CMSSignedData(der).getSignerInfos().getSigners().iterator().next();
        List<int[]> protectedRanges = new ArrayList<>();
        protectedRanges.add(range(der, si.getSignature(), 0));
        byte[] signedAttrs = si.getEncodedSignedAttributes();
        protectedRanges.add(range(der, java.util.Arrays.copyOfRange(signedAttrs, 1, signedAttrs.length), 1));
        if (form == SignatureForm.OPAQUE) {
            byte[] inner = (byte[]) new CMSSignedData(der).getSignedContent().getContent();
            protectedRanges.add(range(der, inner, 0));
        }

        List<String> problems = new ArrayList<>();
        for (int pos : positions(der.length, protectedRanges)) {
            byte[] mutated = Corpus.rewrap(message, flip(der, pos));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Throwable t = Corpus.attempt(in -> {
                VerificationReport r = new SmimeVerifier().verify(in, Corpus.TRUST, out);
                if (r.valid()) {
                    throw new ValidReport(r);
                }
            }, mutated, form + " DER bit flip at " + pos);
            if (!(t instanceof ValidReport)) {
                continue;
            }
            for (int[] r : protectedRanges) {
                if (pos >= r[0] && pos < r[1]) {
                    problems.add("flip at DER offset " + pos + " inside a protected field still verifies");
                }
            }
            if (!java.util.Arrays.equals(out.toByteArray(), content)) {
                problems.add("flip at DER offset " + pos + " verifies with different content");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** [start, end) of {@code part} inside {@code der}, widened by {@code before} bytes in front (a tag). */
    private static int[] range(byte[] der, byte[] part, int before) {
        int at = Corpus.indexOf(der, part);
        assertThat(at).as("field found in the DER").isGreaterThanOrEqualTo(0);
        return new int[] {at - before, at + part.length};
    }

    /** Every position, or an even sample of them plus a sample of each protected field. */
    private static List<Integer> positions(int length, List<int[]> protectedRanges) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        sample(0, length, POSITIONS, out);
        for (int[] r : protectedRanges) {
            sample(r[0], r[1], PROTECTED_POSITIONS, out);
        }
        return List.copyOf(out);
    }

    /** About {@code count} positions spread evenly over [from, to), always with both ends. */
    private static void sample(int from, int to, int count, java.util.Set<Integer> out) {
        int step = Math.max(1, (to - from + count - 1) / count);
        for (int i = from; i < to; i += step) {
            out.add(i);
        }
        out.add(to - 1);
    }

    /** Flips one bit, a different one from byte to byte so that lengths, tags and values all get hit. */
    private static byte[] flip(byte[] der, int pos) {
        byte[] out = der.clone();
        out[pos] ^= (byte) (1 << ((pos * 5 + 3) % 8));
        return out;
    }

    private static byte[] encryptGcm(Recipient to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(Corpus.PLAIN), out,
                EncryptOptions.to(to).withCipher(ContentCipher.AES256_GCM).withKeyTransport(KeyTransport.OAEP));
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] message, KeyHistory keys) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(message), out, keys);
        return out.toByteArray();
    }
}
