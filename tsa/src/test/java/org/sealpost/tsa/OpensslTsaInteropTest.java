package org.sealpost.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.testing.SharedFixtures;

/**
 * The real {@code openssl ts} (3.x) as client: it writes the query, the TSA answers, and OpenSSL
 * prints and verifies the reply against the data, the test root and the TSA certificate.
 * Skipped with a notice when openssl is missing, unless sealpost.requireVectors is true.
 */
class OpensslTsaInteropTest {
    private static final TsaFixture PKI = new TsaFixture("secp384r1");
    private final TimeStampAuthority tsa = PKI.authority(Clock.systemUTC());

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOpenssl() {
        SharedFixtures.requireTool("openssl", "version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-sha256", "-sha384", "-sha512"})
    void opensslQueryIsGrantedAndVerifies(String digest) throws Exception {
        Files.writeString(dir.resolve("root.pem"), EphemeralPki.pem(PKI.root));
        Files.writeString(dir.resolve("tsa.pem"), EphemeralPki.pem(PKI.tsa));
        Files.writeString(dir.resolve("file.txt"), "the document to timestamp\n");
        Result q = run("openssl", "ts", "-query", "-data", "file.txt", digest, "-cert", "-out", "q.tsq");
        assertThat(q.exit).as(q.err).isZero();
        Files.write(dir.resolve("r.tsr"), tsa.respond(Files.readAllBytes(dir.resolve("q.tsq"))));

        Result text = run("openssl", "ts", "-reply", "-in", "r.tsr", "-text");
        assertThat(text.exit).as(text.err).isZero();
        assertThat(text.out).contains("Status: Granted").contains(TsaPolicy.DEFAULT_POLICY.getId())
                .contains("Nonce: 0x").contains("Accuracy: 0x01 seconds").contains("Sealpost Test TSA");

        Result verify = run("openssl", "ts", "-verify", "-data", "file.txt", "-in", "r.tsr",
                "-CAfile", "root.pem", "-untrusted", "tsa.pem");
        assertThat(verify.out + verify.err).contains("Verification: OK");
        Result byQuery = run("openssl", "ts", "-verify", "-queryfile", "q.tsq", "-in", "r.tsr",
                "-CAfile", "root.pem", "-untrusted", "tsa.pem");
        assertThat(byQuery.out + byQuery.err).contains("Verification: OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-sha1", "-md5"})
    void opensslSeesTheRejectionOfWeakHashes(String digest) throws Exception {
        Files.writeString(dir.resolve("file.txt"), "weak\n");
        Result q = run("openssl", "ts", "-query", "-data", "file.txt", digest, "-out", "q.tsq");
        assertThat(q.exit).as(q.err).isZero();
        Files.write(dir.resolve("r.tsr"), tsa.respond(Files.readAllBytes(dir.resolve("q.tsq"))));
        Result text = run("openssl", "ts", "-reply", "-in", "r.tsr", "-text");
        assertThat(text.out).contains("Status: Rejected").contains("unrecognized or unsupported algorithm identifier");
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... command) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }
}
