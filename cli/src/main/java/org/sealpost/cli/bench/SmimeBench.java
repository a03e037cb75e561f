package org.sealpost.cli.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sealpost.cli.ExitCodes;
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
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Single-thread S/MIME throughput: per-message latency of sign+encrypt and decrypt+verify (RSA-2048
 * signer, RSA-2048 recipients), streaming MB/s on a large message, and the same work done by an
 * {@code openssl cms} loop in the same run for comparison. Prints Markdown rows for docs/BENCHMARKS.md.
 */
@Command(name = "smime", mixinStandardHelpOptions = true,
        description = "Benchmark the S/MIME engine against an openssl cms loop (single thread).")
final class SmimeBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "300", description = "Measured messages per case (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "300", description = "Warm-up rounds over all cases before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--size-kb", defaultValue = "100", description = "Message size in KB (default ${DEFAULT-VALUE}).")
    int sizeKb;

    @Option(names = "--recipients", defaultValue = "3", description = "Number of RSA-2048 recipients (default ${DEFAULT-VALUE}).")
    int recipients;

    @Option(names = "--stream-mb", defaultValue = "100", description = "Size of the streaming message in MB; 0 skips (default ${DEFAULT-VALUE}).")
    int streamMb;

    @Option(names = "--openssl-iterations", defaultValue = "30", description = "openssl cms loop iterations; 0 skips (default ${DEFAULT-VALUE}).")
    int opensslIterations;

    @Option(names = "--work-dir", description = "Scratch directory (default: a temporary directory, deleted after).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("sealpost-bench");
        try {
            EphemeralPki pki = new EphemeralPki("bench");
            Identity signer = pki.rsa("alice@example.org");
            List<Identity> to = new ArrayList<>();
            for (int i = 0; i < recipients; i++) {
                to.add(pki.rsa("r" + i + "@example.org"));
            }
            byte[] message = message(sizeKb * 1024);
            out.printf("Sealpost S/MIME benchmark: %d KB message, RSA-2048 signer, %d RSA-2048 recipients, single thread, %s %s%n",
                    sizeKb, recipients, System.getProperty("java.vm.name"), System.getProperty("java.version"));
            out.println();
            out.println("| case | median ms | p90 ms | min ms | samples |");
            out.println("|---|---|---|---|---|");
            // Every case is built and warmed up first, so that no case is measured while the JIT
            // is still compiling code that a later case shares.
            List<String> labels = new ArrayList<>();
            List<Work> works = new ArrayList<>();
            for (ContentCipher cipher : ContentCipher.values()) {
                for (KeyTransport kt : KeyTransport.values()) {
                    EncryptOptions enc = new EncryptOptions(to.stream().map(i -> Recipient.of(i.certificate())).toList(),
                            java.util.Optional.of(cipher), java.util.Optional.of(kt));
                    String label = cipher.cliName() + " + " + kt.cliName();
                    byte[] wrapped = signEncrypt(message, signer, enc);
                    VerifyOptions verify = VerifyOptions.trusting(pki.root()).withDecryptionKeys(KeyHistory.of(to.get(0)));
                    check(wrapped, verify);
                    labels.add("sign+encrypt (" + label + ")");
                    works.add(() -> signEncrypt(message, signer, enc));
                    labels.add("decrypt+verify (" + label + ")");
                    works.add(() -> decryptVerify(wrapped, verify));
                }
            }
            for (int i = 0; i < warmup; i++) {
                for (Work w : works) {
                    w.run();
                }
            }
            for (int i = 0; i < works.size(); i++) {
                out.println(time(works.get(i)).row(labels.get(i)));
            }
            out.flush();
            if (opensslIterations > 0) {
                opensslLoop(out, dir, pki, signer, to, message);
            }
            if (streamMb > 0) {
                streaming(out, dir, pki, signer, to.get(0));
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (workDir == null) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private Stats time(Work work) throws Exception {
        long[] samples = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            work.run();
            samples[i] = System.nanoTime() - t0;
        }
        return Stats.of(samples);
    }

    private static byte[] signEncrypt(byte[] message, Identity signer, EncryptOptions enc) throws Exception {
        ByteArrayOutputStream signed = new ByteArrayOutputStream(message.length + 8192);
        new SmimeSigner().sign(MessageSource.of(message), signed, SignOptions.detached(signer));
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream(message.length * 2);
        new SmimeEncryptor().encrypt(MessageSource.of(signed.toByteArray()), encrypted, enc);
        return encrypted.toByteArray();
    }

    private static void decryptVerify(byte[] wrapped, VerifyOptions verify) throws Exception {
        new SmimeVerifier().verify(MessageSource.of(wrapped), verify, OutputStream.nullOutputStream());
    }

    private static void check(byte[] wrapped, VerifyOptions verify) throws Exception {
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(wrapped), verify, null);
        if (!report.valid()) {
            throw new IllegalStateException("benchmark message does not verify: " + report.reason());
        }
    }

    private void opensslLoop(PrintWriter out, Path dir, EphemeralPki pki, Identity signer, List<Identity> to, byte[] message)
            throws Exception {
        EphemeralPki.writePem(signer, dir, "signer");
        for (int i = 0; i < to.size(); i++) {
            EphemeralPki.writePem(to.get(i), dir, "to" + i);
        }
        Files.writeString(dir.resolve("root.pem"), EphemeralPki.pem(pki.root()));
        Path msg = dir.resolve("message.eml");
        Files.write(msg, message);
        List<String> encrypt = new ArrayList<>(List.of("openssl", "cms", "-encrypt", "-aes-256-cbc", "-in", dir.resolve("signed.eml").toString(),
                "-out", dir.resolve("encrypted.eml").toString()));
        for (int i = 0; i < to.size(); i++) {
            encrypt.add(dir.resolve("to" + i + "-cert.pem").toString());
        }
        List<String> sign = List.of("openssl", "cms", "-sign", "-in", msg.toString(), "-out", dir.resolve("signed.eml").toString(),
                "-signer", dir.resolve("signer-cert.pem").toString(), "-inkey", dir.resolve("signer-key.pem").toString());
        List<String> decrypt = List.of("openssl", "cms", "-decrypt", "-in", dir.resolve("encrypted.eml").toString(),
                "-out", dir.resolve("decrypted.eml").toString(), "-inkey", dir.resolve("to0-key.pem").toString(),
                "-recip", dir.resolve("to0-cert.pem").toString());
        List<String> verify = List.of("openssl", "cms", "-verify", "-in", dir.resolve("decrypted.eml").toString(),
                "-CAfile", dir.resolve("root.pem").toString(), "-out", dir.resolve("content.eml").toString());
        long[] se = new long[opensslIterations];
        long[] dv = new long[opensslIterations];
        for (int i = 0; i < opensslIterations; i++) {
            long t0 = System.nanoTime();
            run(sign);
            run(encrypt);
            long t1 = System.nanoTime();
            run(decrypt);
            run(verify);
            long t2 = System.nanoTime();
            se[i] = t1 - t0;
            dv[i] = t2 - t1;
        }
        out.println(Stats.of(se).row("openssl cms: sign+encrypt (aes256-cbc + pkcs1, 2 processes)"));
        out.println(Stats.of(dv).row("openssl cms: decrypt+verify (2 processes)"));
        long[] startup = new long[opensslIterations];
        for (int i = 0; i < opensslIterations; i++) {
            long t0 = System.nanoTime();
            run(List.of("openssl", "version"));
            startup[i] = System.nanoTime() - t0;
        }
        out.println(Stats.of(startup).row("openssl process start alone (`openssl version`)"));
        out.flush();
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private void streaming(PrintWriter out, Path dir, EphemeralPki pki, Identity signer, Identity recipient) throws Exception {
        Path big = dir.resolve("big.eml");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            o.write("From: alice@example.org\r\nTo: r0@example.org\r\nSubject: big\r\nContent-Type: text/plain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = message(1 << 20);
            int body = new String(chunk, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            for (int i = 0; i < streamMb; i++) {
                o.write(chunk, body, chunk.length - body);
            }
        }
        double mb = Files.size(big) / 1e6;
        out.println();
        out.printf("Streaming, one %.0f MB message, files on disk (MB/s of input):%n%n", mb);
        out.println("| step | seconds | MB/s |");
        out.println("|---|---|---|");
        Path signed = dir.resolve("big-signed.eml");
        stream(out, "sign (detached)", mb, () -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(signed), 1 << 16)) {
                new SmimeSigner().sign(MessageSource.of(big), o, SignOptions.detached(signer));
            }
        });
        for (ContentCipher cipher : ContentCipher.values()) {
            Path enc = dir.resolve("big-enc-" + cipher.cliName() + ".eml");
            stream(out, "encrypt (" + cipher.cliName() + ")", mb, () -> {
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(enc), 1 << 16)) {
                    new SmimeEncryptor().encrypt(MessageSource.of(signed), o,
                            EncryptOptions.to(Recipient.of(recipient.certificate())).withCipher(cipher));
                }
            });
            Path dec = dir.resolve("big-dec.eml");
            stream(out, "decrypt (" + cipher.cliName() + ")", mb, () -> {
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dec), 1 << 16)) {
                    new SmimeDecryptor().decrypt(MessageSource.of(enc), o, KeyHistory.of(recipient));
                }
            });
            Files.deleteIfExists(enc);
        }
        stream(out, "verify (detached)", mb, () -> {
            VerificationReport r = new SmimeVerifier().verify(MessageSource.of(signed), VerifyOptions.trusting(pki.root()), null);
            if (!r.valid()) {
                throw new IllegalStateException(r.reason());
            }
        });
        if (opensslIterations > 0) {
            opensslStreaming(out, dir, pki, signer, recipient, big, mb);
        }
        out.println();
        out.printf("JVM max heap: %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The same steps by openssl cms on the same file, for comparison (one run each, process start included). */
    private static void opensslStreaming(PrintWriter out, Path dir, EphemeralPki pki, Identity signer, Identity recipient,
                                         Path big, double mb) throws Exception {
        EphemeralPki.writePem(signer, dir, "big-signer");
        EphemeralPki.writePem(recipient, dir, "big-to");
        Files.writeString(dir.resolve("big-root.pem"), EphemeralPki.pem(pki.root()));
        String d = dir.toString();
        Path signed = dir.resolve("big-openssl-signed.eml");
        stream(out, "openssl cms -sign", mb, () -> run(List.of("openssl", "cms", "-sign", "-in", big.toString(), "-out",
                signed.toString(), "-signer", d + "/big-signer-cert.pem", "-inkey", d + "/big-signer-key.pem")));
        for (String cipher : List.of("-aes-256-gcm", "-aes-256-cbc")) {
            Path enc = dir.resolve("big-openssl-enc.eml");
            stream(out, "openssl cms -encrypt " + cipher, mb, () -> run(List.of("openssl", "cms", "-encrypt", cipher,
                    "-in", signed.toString(), "-out", enc.toString(), d + "/big-to-cert.pem")));
            stream(out, "openssl cms -decrypt " + cipher, mb, () -> run(List.of("openssl", "cms", "-decrypt", "-in",
                    enc.toString(), "-out", dir.resolve("big-openssl-dec.eml").toString(), "-inkey", d + "/big-to-key.pem",
                    "-recip", d + "/big-to-cert.pem")));
            Files.deleteIfExists(enc);
        }
        stream(out, "openssl cms -verify", mb, () -> run(List.of("openssl", "cms", "-verify", "-in", signed.toString(),
                "-CAfile", d + "/big-root.pem", "-out", dir.resolve("big-openssl-content.eml").toString())));
    }

    private static void stream(PrintWriter out, String step, double mb, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("| %s | %.2f | %.0f |%n", step, s, mb / s);
        out.flush();
    }

    /** A text message of about {@code size} bytes with 72-character lines. */
    static byte[] message(int size) {
        StringBuilder sb = new StringBuilder(size + 200);
        sb.append("From: Alice <alice@example.org>\r\nTo: r0@example.org\r\nSubject: benchmark\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        Random random = new Random(42);
        while (sb.length() < size) {
            for (int i = 0; i < 72; i++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

}
