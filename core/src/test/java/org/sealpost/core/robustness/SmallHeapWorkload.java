package org.sealpost.core.robustness;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
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

/**
 * Work run by {@link SmallHeapStreamingTest} in a child JVM with a 128 MiB heap. Prints one line
 * per step and exits 0 when every check held, 1 with the reason otherwise.
 *
 * <ul>
 *   <li>{@code pipeline DIR MB FORM CIPHER}: writes a MB-megabyte message to DIR, signs it
 *       (DETACHED or OPAQUE), encrypts that (AES256_CBC or AES256_GCM), decrypts it and verifies
 *       the result; compares SHA-256 digests, never whole bodies in memory.</li>
 *   <li>{@code hostile DIR}: tiny messages whose ASN.1 lengths claim up to 120 MiB; decrypt, verify
 *       and inspect must refuse each one with an engine error, not run out of memory.</li>
 * </ul>
 */
public final class SmallHeapWorkload {
    private static final int LINE = 76;

    private SmallHeapWorkload() {
    }

    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "pipeline" -> pipeline(Path.of(args[1]), Integer.parseInt(args[2]), SignatureForm.valueOf(args[3]),
                        ContentCipher.valueOf(args[4]));
                case "hostile" -> hostile(Path.of(args[1]));
                default -> throw new IllegalArgumentException("unknown workload " + args[0]);
            }
            System.out.println("OK max-heap=" + (Runtime.getRuntime().maxMemory() >> 20) + "MiB");
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void pipeline(Path dir, int megabytes, SignatureForm form, ContentCipher cipher) throws Exception {
        EphemeralPki pki = new EphemeralPki("streaming");
        Identity alice = pki.rsa("alice@example.org");
        Identity bob = pki.rsa("bob@example.org");

        Path message = dir.resolve("message.eml");
        String bodyHash = writeMessage(message, (long) megabytes << 20);
        step("wrote " + Files.size(message) + " bytes, body sha-256 " + bodyHash);

        Path signed = dir.resolve("signed.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(signed), 1 << 16)) {
            new SmimeSigner().sign(MessageSource.of(message), out, SignOptions.detached(alice).withForm(form));
        }
        Files.delete(message);
        step("signed " + form + ": " + Files.size(signed) + " bytes");

        Path encrypted = dir.resolve("encrypted.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(encrypted), 1 << 16)) {
            new SmimeEncryptor().encrypt(MessageSource.of(signed), out,
                    EncryptOptions.to(Recipient.of(bob.certificate())).withCipher(cipher).withKeyTransport(KeyTransport.OAEP));
        }
        step("encrypted " + cipher + ": " + Files.size(encrypted) + " bytes");

        Path decrypted = dir.resolve("decrypted.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(decrypted), 1 << 16)) {
            new SmimeDecryptor().decrypt(MessageSource.of(encrypted), out, KeyHistory.of(bob));
        }
        Files.delete(encrypted);
        require(sha256(decrypted).equals(sha256(signed)), "the decrypted message differs from the signed one");
        Files.delete(signed);
        step("decrypted: identical to the signed message");

        Path content = dir.resolve("content.eml");
        VerificationReport report;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(content), 1 << 16)) {
            report = new SmimeVerifier().verify(MessageSource.of(decrypted), VerifyOptions.trusting(pki.root()), out);
        }
        require(report.valid(), "verification failed: " + report.reason());
        String contentHash = bodySha256(content);
        require(contentHash.equals(bodyHash), "verified body sha-256 " + contentHash + " differs from " + bodyHash);
        step("verified: valid, body sha-256 matches");
        Files.delete(decrypted);
        Files.delete(content);
    }

    /** Pseudo-random printable lines with CRLF endings (already canonical), so the body's hash is known in advance. */
    private static String writeMessage(Path file, long bodyBytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[LINE + 2];
        line[LINE] = '\r';
        line[LINE + 1] = '\n';
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: large message\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DigestOutputStream body = new DigestOutputStream(out, digest);
            for (long written = 0; written < bodyBytes; written += line.length) {
                for (int i = 0; i < LINE; i++) {
                    line[i] = alphabet[random.nextInt(alphabet.length)];
                }
                body.write(line);
            }
            body.flush();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of what follows the first blank line: the body of the innermost entity the verifier wrote. */
    private static String bodySha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int state = 0;
            while (state < 4) {
                int c = in.read();
                require(c >= 0, "the verified content has no blank line");
                state = (c == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (c == '\r' ? 1 : 0);
            }
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void hostile(Path dir) throws Exception {
        EphemeralPki pki = new EphemeralPki("hostile");
        Identity bob = pki.rsa("bob@example.org");
        // 120 MiB: less than the heap, so a parser that trusts the length tries to allocate it all.
        byte[] len = {(byte) 0x84, 0x07, (byte) 0x80, 0x00, 0x00};
        byte[][] ders = {
                // ContentInfo whose contentType OID claims 120 MiB.
                concat(new byte[] {0x30, (byte) 0x80, 0x06}, len, new byte[16]),
                // EnvelopedData whose version INTEGER claims 120 MiB.
                concat(hex("3080 0609 2a864886f70d010703 a080 3080 02"), len, new byte[16]),
                // AuthEnvelopedData whose version INTEGER claims 120 MiB.
                concat(hex("3080 060b 2a864886f70d0109100117 a080 3080 02"), len, new byte[16]),
                // SignedData whose first digest algorithm OID claims 120 MiB.
                concat(hex("3080 0609 2a864886f70d010702 a080 3080 020101 3180 3080 06"), len, new byte[16]),
        };
        String[] types = {"enveloped-data", "signed-data"};
        int refused = 0;
        for (byte[] der : ders) {
            for (String type : types) {
                byte[] message = ("From: a@example.org\r\nContent-Type: application/pkcs7-mime; smime-type=" + type + "\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(der) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                Path file = dir.resolve("hostile.eml");
                Files.write(file, message);
                for (MessageSource source : new MessageSource[] {MessageSource.of(message), MessageSource.of(file)}) {
                    refused += refuses(() -> {
                        new SmimeDecryptor().decrypt(source, OutputStream.nullOutputStream(), KeyHistory.of(bob));
                        return true;
                    });
                    refused += refuses(() -> new SmimeVerifier().verify(source,
                            VerifyOptions.trusting(pki.root()).withDecryptionKeys(KeyHistory.of(bob)), OutputStream.nullOutputStream())
                            .valid());
                    refused += refuses(() -> {
                        new SmimeInspector().inspect(source);
                        return true;
                    });
                }
            }
        }
        Files.deleteIfExists(dir.resolve("hostile.eml"));
        step("refused " + refused + " hostile inputs");
    }

    private interface Attempt {
        /** True when the input was accepted: decrypted, inspected or verified as valid. */
        boolean run() throws Exception;
    }

    /** 1 when the attempt refused the input (an engine error, or an invalid report); throws when it was accepted. */
    private static int refuses(Attempt attempt) throws Exception {
        try {
            if (!attempt.run()) {
                return 1;
            }
        } catch (SmimeException e) {
            return 1;
        }
        throw new IllegalStateException("a hostile input was accepted");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static void step(String s) throws IOException {
        System.out.println(s);
        System.out.flush();
    }
}
