package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.sealpost.core.SmimeException;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.inspect.SmimeInspector;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;

/**
 * Valid messages made once per test JVM by the engine itself, the keys that open them, and helpers
 * to take their CMS apart and put it back. The robustness tests damage these in many ways.
 */
final class Corpus {
    static final EphemeralPki PKI = new EphemeralPki("robustness");
    static final Identity ALICE = PKI.rsa("alice@example.org");
    static final Identity BOB = PKI.rsa("bob@example.org");
    static final Identity CAROL_EC = PKI.ec("carol@example.org", "secp256r1");
    static final VerifyOptions TRUST = VerifyOptions.trusting(PKI.root());
    static final VerifyOptions TRUST_WITH_KEYS = TRUST.withDecryptionKeys(KeyHistory.of(BOB, CAROL_EC));
    static final KeyHistory KEYS = KeyHistory.of(BOB, CAROL_EC);

    static final byte[] PLAIN = Messages.plain("Alice <alice@example.org>", "Bob <bob@example.org>",
            "Hello Bob,\r\nthis message is damaged on purpose by the robustness tests.\r\nBye.\r\n");
    static final byte[] SIGNED_DETACHED = sign(PLAIN, SignatureForm.DETACHED);
    static final byte[] SIGNED_OPAQUE = sign(PLAIN, SignatureForm.OPAQUE);
    static final byte[] ENCRYPTED_GCM = encrypt(PLAIN, ContentCipher.AES256_GCM, KeyTransport.OAEP);
    static final byte[] ENCRYPTED_CBC = encrypt(PLAIN, ContentCipher.AES256_CBC, KeyTransport.PKCS1);
    static final byte[] SIGNED_THEN_ENCRYPTED = encrypt(SIGNED_DETACHED, ContentCipher.AES256_GCM, KeyTransport.OAEP);

    private Corpus() {
    }

    static byte[] sign(byte[] message, SignatureForm form) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new SmimeSigner().sign(MessageSource.of(message), out, SignOptions.detached(ALICE).withForm(form));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] encrypt(byte[] message, ContentCipher cipher, KeyTransport transport) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new SmimeEncryptor().encrypt(MessageSource.of(message), out,
                    EncryptOptions.to(Recipient.of(BOB.certificate()), Recipient.of(CAROL_EC.certificate()))
                            .withCipher(cipher).withKeyTransport(transport));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decrypted form of {@link #PLAIN}, as the decryptor writes it. */
    static byte[] decrypted(byte[] encrypted) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeDecryptor().decrypt(MessageSource.of(encrypted), out, KEYS);
        return out.toByteArray();
    }

    /** Where the base64 body of the CMS part starts and ends in a message. */
    record Span(int start, int end) {
    }

    /** The base64 span of the CMS: the p7s part of multipart/signed, or the body of application/pkcs7-mime. */
    static Span cmsSpan(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int sigType = text.indexOf("Content-Type: application/pkcs7-signature");
        if (sigType >= 0) {
            int start = text.indexOf("\r\n\r\n", sigType) + 4;
            int end = text.indexOf("\r\n--", start);
            return new Span(start, end);
        }
        int start = text.indexOf("\r\n\r\n") + 4;
        return new Span(start, text.length());
    }

    static byte[] cmsDer(byte[] message) {
        Span s = cmsSpan(message);
        return Base64.getMimeDecoder().decode(new String(message, s.start(), s.end() - s.start(), StandardCharsets.ISO_8859_1));
    }

    /** The message with its CMS replaced by {@code der}, base64-encoded again in 76-column lines. */
    static byte[] rewrap(byte[] message, byte[] der) {
        Span s = cmsSpan(message);
        byte[] b64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encode(der);
        String tail = s.end() < message.length ? "" : "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 16);
        out.write(message, 0, s.start());
        out.writeBytes(b64);
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        out.write(message, s.end(), message.length - s.end());
        return out.toByteArray();
    }

    /** Finds {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Something the engine did with bad input. */
    interface Operation {
        void run(MessageSource input) throws Exception;
    }

    /** The five engine operations, each with the keys and trust they need. */
    enum Op implements Operation {
        SIGN {
            @Override
            public void run(MessageSource input) throws Exception {
                new SmimeSigner().sign(input, java.io.OutputStream.nullOutputStream(), SignOptions.detached(ALICE));
            }
        },
        ENCRYPT {
            @Override
            public void run(MessageSource input) throws Exception {
                new SmimeEncryptor().encrypt(input, java.io.OutputStream.nullOutputStream(),
                        EncryptOptions.to(Recipient.of(BOB.certificate())).withCipher(ContentCipher.AES256_GCM));
            }
        },
        DECRYPT {
            @Override
            public void run(MessageSource input) throws Exception {
                new SmimeDecryptor().decrypt(input, java.io.OutputStream.nullOutputStream(), KEYS);
            }
        },
        VERIFY {
            @Override
            public void run(MessageSource input) throws Exception {
                VerificationReport report = new SmimeVerifier().verify(input, TRUST_WITH_KEYS, java.io.OutputStream.nullOutputStream());
                if (report == null || report.reason() == null || report.reason().isBlank()) {
                    fail("verify returned no report or no reason");
                }
                if (report.valid()) {
                    throw new ValidReport(report);
                }
            }
        },
        INSPECT {
            @Override
            public void run(MessageSource input) throws Exception {
                if (new SmimeInspector().inspect(input) == null) {
                    fail("inspect returned null");
                }
            }
        }
    }

    /** Thrown by {@link Op#VERIFY} so that a caller can tell a valid report from a failed one. */
    static final class ValidReport extends RuntimeException {
        final transient VerificationReport report;

        ValidReport(VerificationReport report) {
            super("valid report", null, false, false);
            this.report = report;
        }
    }

    /**
     * Runs an operation on bad input and returns what it threw: null when it completed (for verify:
     * returned a report with valid=false), a {@link SmimeException}, or a {@link ValidReport}. Anything
     * else fails the test with the input's description, since bad input must never surface as a
     * RuntimeException, an Error or a raw IOException.
     */
    static Throwable attempt(Operation op, byte[] input, String what) {
        try {
            op.run(MessageSource.of(input));
            return null;
        } catch (SmimeException | ValidReport e) {
            if (e instanceof SmimeException s) {
                requireUserFacingMessage(s, what);
            }
            return e;
        } catch (Throwable t) {
            throw new AssertionError(op + " on " + what + " threw " + t.getClass().getName() + " instead of a SmimeException: "
                    + t.getMessage(), t);
        }
    }

    /** One sentence, no line breaks, no Java class names. */
    static void requireUserFacingMessage(SmimeException e, String what) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r") || m.contains("Exception") || m.contains("java.")) {
            throw new AssertionError("not a one-line user-facing message for " + what + ": " + m, e);
        }
    }
}
