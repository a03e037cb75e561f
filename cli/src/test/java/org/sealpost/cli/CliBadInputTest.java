package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.cli.CliFixture.Result;

/**
 * Bad input through every command. A command either succeeds with exactly the content the intact
 * message has, or fails by the contract: exit 2 for unreadable input, 1 for a decryption failure or
 * an invalid signature, exactly one stderr line starting with "sealpost: " and no stack trace, no
 * --out file and no temporary file left beside it.
 */
class CliBadInputTest {
    @TempDir
    static Path keys;

    private static byte[] signedDetached;
    private static byte[] signedOpaque;
    private static byte[] encryptedGcm;
    private static byte[] intactSignedContent;
    private static byte[] intactOpaqueContent;
    private static byte[] intactPlain;

    @TempDir
    Path work;

    @BeforeAll
    static void makeMessages() throws Exception {
        CliFixture.writeFiles(keys);
        signedDetached = make("smime", "sign", "--in", keys.resolve("alice-message.eml"), "--out", keys.resolve("signed.eml"),
                "--signer-cert", keys.resolve("alice-cert.pem"), "--signer-key", keys.resolve("alice-key.pem"));
        signedOpaque = make("smime", "sign", "--in", keys.resolve("alice-message.eml"), "--out", keys.resolve("opaque.eml"),
                "--signer-cert", keys.resolve("alice-cert.pem"), "--signer-key", keys.resolve("alice-key.pem"), "--opaque");
        encryptedGcm = make("smime", "encrypt", "--in", keys.resolve("alice-message.eml"), "--out", keys.resolve("encrypted.eml"),
                "--recipient", keys.resolve("bob-cert.pem"), "--cipher", "aes256-gcm");
        intactSignedContent = make("smime", "verify", "--in", keys.resolve("signed.eml"), "--trust", keys.resolve("root.pem"),
                "--out", keys.resolve("content.eml"));
        intactOpaqueContent = make("smime", "verify", "--in", keys.resolve("opaque.eml"), "--trust", keys.resolve("root.pem"),
                "--out", keys.resolve("opaque-content.eml"));
        intactPlain = make("smime", "decrypt", "--in", keys.resolve("encrypted.eml"), "--out", keys.resolve("plain.eml"),
                "--key", keys.resolve("bob-key.pem"), "--cert", keys.resolve("bob-cert.pem"));
    }

    /** Runs a command that must succeed and returns the file after "--out". */
    private static byte[] make(Object... args) throws Exception {
        Result r = run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return Files.readAllBytes((Path) args[Arrays.asList(args).indexOf("--out") + 1]);
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> cases = new ArrayList<>();
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        StringBuilder bigHeader = new StringBuilder("From: alice@example.org\r\n");
        while (bigHeader.length() < (1 << 20) + 10_000) {
            bigHeader.append("X-Filler: ").append("y".repeat(990)).append("\r\n");
        }
        cases.add(Arguments.of("an empty file", new byte[0]));
        cases.add(Arguments.of("random bytes", noise));
        cases.add(Arguments.of("a header block over 1 MiB", latin1(bigHeader + "\r\nbody\r\n")));
        cases.add(Arguments.of("a 2 MiB header line", latin1("Subject: " + "z".repeat(2 << 20) + "\r\n\r\nbody\r\n")));
        cases.add(Arguments.of("a plain message", CliFixture.ALICE_MESSAGE));
        cases.add(Arguments.of("an encrypted message with a flipped base64 character", flipBase64(encryptedGcm)));
        cases.add(Arguments.of("an encrypted message with '=' inside its base64", insertInBody(encryptedGcm, "=")));
        cases.add(Arguments.of("a signed message with a flipped base64 character", flipBase64(signedOpaque)));
        cases.add(Arguments.of("multipart/signed with 1 part", changed(text(signedDetached)
                .replaceFirst("(?s)\r\n--(----=_sealpost_[0-9a-f]+)\r\nContent-Type: application/pkcs7-signature.*", "\r\n--$1--\r\n"))));
        cases.add(Arguments.of("multipart/signed with 3 parts", changed(text(signedDetached)
                .replaceFirst("(?s)(\r\n--(----=_sealpost_[0-9a-f]+)\r\nContent-Type: application/pkcs7-signature.*?)(\r\n--\\2--)", "$1$1$3"))));
        cases.add(Arguments.of("a signature part that is not CMS", changed(text(signedDetached)
                .replaceFirst("(?s)(filename=smime.p7s\r\nContent-Description: [^\r]*\r\n\r\n)[A-Za-z0-9+/=\r\n]*?(\r\n--)",
                        "$1" + Base64.getEncoder().encodeToString(latin1("not a signature")) + "$2"))));
        for (byte[] message : List.of(signedDetached, signedOpaque, encryptedGcm)) {
            String kind = message == signedDetached ? "detached signed" : message == signedOpaque ? "opaque signed" : "encrypted";
            for (int i = 1; i <= 8; i++) {
                int cut = message.length * i / 9;
                cases.add(Arguments.of(kind + " message cut at " + cut, Arrays.copyOf(message, cut)));
            }
            cases.add(Arguments.of(kind + " message missing its last 10 bytes", Arrays.copyOf(message, message.length - 10)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void everyCommandFailsCleanlyOrYieldsTheIntactContent(String what, byte[] input) throws Exception {
        Path in = work.resolve("input.eml");
        Files.write(in, input);
        Path out = work.resolve("out.eml");

        for (String command : List.of("sign", "encrypt")) {
            Result r = command.equals("sign")
                    ? run("smime", "sign", "--in", in, "--out", out, "--signer-cert", keys.resolve("alice-cert.pem"),
                            "--signer-key", keys.resolve("alice-key.pem"))
                    : run("smime", "encrypt", "--in", in, "--out", out, "--recipient", keys.resolve("bob-cert.pem"));
            if (r.exit() == 0) {
                assertThat(out).as(command + " of " + what).exists();
                Files.delete(out);
            } else {
                assertFailed(r, out, 2);
            }
        }

        Result decrypt = run("smime", "decrypt", "--in", in, "--out", out, "--key", keys.resolve("bob-key.pem"),
                "--cert", keys.resolve("bob-cert.pem"));
        if (decrypt.exit() == 0) {
            assertThat(Files.readAllBytes(out)).as("decrypted " + what).isEqualTo(intactPlain);
            Files.delete(out);
        } else {
            assertFailed(decrypt, out, 1, 2);
        }

        Result verify = run("smime", "verify", "--in", in, "--trust", keys.resolve("root.pem"), "--out", out, "--json");
        if (verify.exit() == 0) {
            assertThat(verify.json().get("valid").asBoolean()).isTrue();
            assertThat(Files.readAllBytes(out)).as("content verified from " + what).isIn(intactSignedContent, intactOpaqueContent);
            Files.delete(out);
        } else {
            assertFailed(verify, out, 1, 2);
            if (verify.exit() == 1) {
                assertThat(verify.json().get("valid").asBoolean()).isFalse();
            }
        }

        Result inspect = run("smime", "inspect", "--in", in, "--json");
        if (inspect.exit() != 0) {
            assertFailed(inspect, null, 2);
        } else {
            assertThat(inspect.json().get("layers")).isNotNull();
        }
        CliFixture.assertNoLeftovers(work);
    }

    /** The edited detached message, after checking that the edit matched. */
    private static byte[] changed(String edited) {
        assertThat(edited).as("the edit matched").isNotEqualTo(text(signedDetached));
        return latin1(edited);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Changes one base64 character in the middle of the body. */
    private static byte[] flipBase64(byte[] message) {
        String t = text(message);
        int body = t.indexOf("\r\n\r\n") + 4;
        int at = body + (t.length() - body) / 2;
        while (!Character.isLetterOrDigit(t.charAt(at))) {
            at++;
        }
        char c = t.charAt(at);
        return latin1(t.substring(0, at) + (c == 'A' ? 'B' : 'A') + t.substring(at + 1));
    }

    private static byte[] insertInBody(byte[] message, String what) {
        String t = text(message);
        int body = t.indexOf("\r\n\r\n") + 4;
        int at = body + (t.length() - body) / 2;
        return latin1(t.substring(0, at) + what + t.substring(at));
    }
}
