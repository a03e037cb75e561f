package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CaCliFixture.EC_P256;
import static org.sealpost.cli.CaCliFixture.RSA_2048;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.cli.CliFixture.Result;

/**
 * {@code ca issue} with input it must refuse: exit 2, exactly one "sealpost: " line on stderr and no
 * stack trace, nothing at --out (and no temporary file beside it), and nothing recorded by the CA.
 */
class CaCommandBadInputTest {
    @TempDir
    static Path data;

    @TempDir
    Path work;

    private static final java.util.concurrent.atomic.AtomicLong SUCCESSFUL_ISSUES = new java.util.concurrent.atomic.AtomicLong();

    @BeforeAll
    static void createCa() throws Exception {
        Result init = run("ca", "init", "--data", data, "--algorithm", "ec");
        assertThat(init.exit()).as(init.toString()).isZero();
    }

    private static long auditRecords() throws Exception {
        Result tail = run("audit", "tail", "--data", data, "-n", "100000", "--json");
        assertThat(tail.exit()).as(tail.toString()).isZero();
        return tail.json().size();
    }

    static Stream<Arguments> badCsrs() {
        byte[] der = CaCliFixture.bcCsrDer(EC_P256, "CN=x", "alice@example.org");
        byte[] rsaDer = CaCliFixture.bcCsrDer(RSA_2048, "CN=x", "alice@example.org");
        String pem = CaCliFixture.pem(der);
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("an empty file", new byte[0]));
        cases.add(Arguments.of("random bytes", noise));
        cases.add(Arguments.of("text", "please sign me\n".getBytes(StandardCharsets.US_ASCII)));
        cases.add(Arguments.of("a PEM CSR cut in half", pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII)));
        cases.add(Arguments.of("a PEM CSR without its END line",
                pem.substring(0, pem.indexOf("-----END")).getBytes(StandardCharsets.US_ASCII)));
        cases.add(Arguments.of("a DER CSR cut short", Arrays.copyOf(der, der.length - 20)));
        cases.add(Arguments.of("a PEM certificate instead of a CSR", certificatePem()));
        cases.add(Arguments.of("an EC CSR with a flipped signature byte", CaCliFixture.pem(flipLast(der))
                .getBytes(StandardCharsets.US_ASCII)));
        cases.add(Arguments.of("an RSA CSR with a flipped signature byte", flipLast(rsaDer)));
        cases.add(Arguments.of("a CSR whose requested key was swapped", swappedKey(der)));
        byte[] huge = new byte[3 << 20];
        byte[] header = pem.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, huge, 0, header.length);
        Arrays.fill(huge, header.length, huge.length, (byte) 'A');
        cases.add(Arguments.of("a 3 MiB file", huge));
        return cases.stream();
    }

    private static byte[] certificatePem() {
        try {
            return org.sealpost.core.keys.EphemeralPki.pem(CliFixture.PKI.root()).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last byte of a DER CSR is the last byte of its signature value. */
    private static byte[] flipLast(byte[] der) {
        byte[] copy = der.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    /** The CSR of one key with the public key of another: the signature no longer matches. */
    private static byte[] swappedKey(byte[] der) {
        byte[] own = EC_P256.getPublic().getEncoded();
        byte[] other;
        try {
            var g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            other = g.generateKeyPair().getPublic().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] copy = der.clone();
        int at = indexOf(copy, own);
        assertThat(at).as("the public key inside the CSR").isPositive();
        System.arraycopy(other, 0, copy, at, other.length);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCsrs")
    void aBadCsrIsRefusedWithOneLineAndNoOutput(String what, byte[] csr) throws Exception {
        Path in = work.resolve("request.csr");
        Files.write(in, csr);
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", in, "--email",
                "alice@example.org", "--out", out);
        assertFailed(r, out, 2);
        assertThat(r.err()).containsAnyOf("CSR", "csr", "CERTIFICATE REQUEST");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadSignatureIsReportedAsSuch() throws Exception {
        Path in = work.resolve("request.csr");
        Files.write(in, flipLast(CaCliFixture.bcCsrDer(EC_P256, "CN=x", "alice@example.org")));
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", in, "--out", out);
        assertFailed(r, out, 2);
        assertThat(r.err()).contains("signature");
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("an unknown profile", List.of("--profile", "signing-v9"), "signing-v9"),
                Arguments.of("a profile in the wrong case", List.of("--profile", "Encryption"), "Encryption"),
                Arguments.of("a missing --csr file", List.of("--profile", "encryption", "--csr", "MISSING"), "no such file"),
                Arguments.of("--csr naming a directory", List.of("--profile", "encryption", "--csr", "DIR"), "sealpost: "),
                Arguments.of("--days 0", List.of("--profile", "encryption", "--days", "0"), "--days"),
                Arguments.of("--days -5", List.of("--profile", "encryption", "--days", "-5"), "--days"),
                Arguments.of("--days many", List.of("--profile", "encryption", "--days", "many"), "--days"),
                Arguments.of("--days beyond the CA's lifetime", List.of("--profile", "encryption", "--days", "100000"),
                        "validity"),
                Arguments.of("an invalid --email", List.of("--profile", "encryption", "--email", "not-an-address"),
                        "not-an-address"),
                Arguments.of("no --profile", List.of(), "--profile"),
                Arguments.of("an unknown option", List.of("--profile", "encryption", "--frobnicate"), "frobnicate"),
                Arguments.of("a wrong --country", List.of("--profile", "signing-v3", "--organization", "Example AG",
                        "--locality", "Bern", "--country", "Switzerland"), "sealpost: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentsAreRefusedWithOneLineAndNoOutput(String what, List<String> extra, String named) throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good.csr"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        List<Object> args = new ArrayList<>(List.of("ca", "issue", "--data", data, "--out", out));
        if (!extra.contains("--csr")) {
            args.addAll(List.of("--csr", csr));
        }
        for (String e : extra) {
            args.add(switch (e) {
                case "MISSING" -> work.resolve("missing.csr");
                case "DIR" -> work;
                default -> e;
            });
        }
        Result r = run(args.toArray());
        assertFailed(r, out, what.contains("country") ? new int[] {1, 2} : new int[] {2});
        assertThat(r.err()).contains(named);
    }

    @Test
    void anOutputInsideTheCaDirectoryIsRefusedAndTheCaKeepsWorking() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good-ca-dir.csr"), EC_P256, "CN=x", "alice@example.org");
        Path root = data.resolve("ca").resolve("root.pem");
        byte[] rootBefore = Files.readAllBytes(root);
        long before = auditRecords();
        Result r = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--out", root);
        assertFailed(r, null, 2);
        assertThat(r.err()).contains("refusing to write");
        assertThat(Files.readAllBytes(root)).isEqualTo(rootBefore);
        assertThat(auditRecords()).isEqualTo(before);
        assertFailed(run("ca", "crl", "--data", data, "--out", data.resolve("db").resolve("x.crl")), null, 2);
    }

    @Test
    void anOutputFileInAMissingDirectoryIsRefusedBeforeAnythingIsIssued() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good.csr"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("no-such-dir").resolve("cert.pem");
        long before = auditRecords();
        Result r = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--out", out);
        assertFailed(r, null, 2);
        assertThat(out).doesNotExist();
        assertThat(auditRecords()).as("no certificate issued for an output that cannot be written").isEqualTo(before);
    }

    @Test
    void initWithBadOptionsCreatesNothing() throws Exception {
        Path dir = work.resolve("new-ca");
        for (Result r : List.of(
                run("ca", "init", "--data", dir, "--algorithm", "dsa"),
                run("ca", "init", "--data", dir, "--algorithm", "ec", "--pkcs11-slot", "1"),
                run("ca", "init", "--data", dir, "--algorithm", "ec", "--ca-password-env", "SEALPOST_TEST_NO_SUCH_VARIABLE"),
                // A database that cannot be reached: no CA is created that it would not record.
                run("ca", "init", "--data", dir, "--algorithm", "ec", "--db-url", "jdbc:postgresql://127.0.0.1:1/sealpost",
                        "--db-user", "sealpost"))) {
            assertFailed(r, null, 2);
            assertThat(dir.resolve("ca")).as(r.toString()).doesNotExist();
        }
    }

    @Test
    void cabfStrictRefusesALifetimeOver825Days() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good.csr"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--days", "900",
                "--cabf-strict", "--out", out);
        assertFailed(r, out, 1, 2);
        assertThat(r.err()).contains("825");
    }

    @Test
    void aDataDirectoryWithoutACaIsAUsageError() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good.csr"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Path empty = work.resolve("empty");
        Files.createDirectories(empty);
        for (Result r : List.of(
                run("ca", "issue", "--data", empty, "--profile", "encryption", "--csr", csr, "--out", out),
                run("ca", "revoke", "--data", empty, "--serial", "01", "--reason", "superseded"),
                run("ca", "crl", "--data", empty, "--out", out),
                run("ca", "show", "--data", empty, "--serial", "01"))) {
            assertFailed(r, out, 2);
        }
    }

    /** Only the successful issues of this class may have left records: refused requests record nothing. */
    @AfterAll
    static void nothingWasRecordedForTheRefusedRequests() throws Exception {
        Result tail = run("audit", "tail", "--data", data, "-n", "100000", "--json");
        long issues = 0;
        for (var record : tail.json()) {
            if (record.get("action").asText().equals("ca.issue")) {
                issues++;
            }
        }
        assertThat(issues).isEqualTo(SUCCESSFUL_ISSUES.get());
        Result verify = run("audit", "verify", "--data", data);
        assertThat(verify.exit()).as(verify.toString()).isZero();
    }

    @Test
    void theGoodCsrOfTheseTestsIsIssued() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("good.csr"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--out", out);
        assertThat(r.exit()).as(r.toString()).isZero();
        SUCCESSFUL_ISSUES.incrementAndGet();
        assertThat(out).exists();
    }
}
