package org.sealpost.kms.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.ReleasePackage;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * openssl as the officers' independent signing tool: officer keys made by {@code openssl genpkey},
 * approvals signed with {@code openssl dgst -sha256 -sign} over the statement file exactly as
 * docs/KMS.md tells an officer to, and the transport-key fingerprint recomputed with
 * {@code openssl pkey | openssl dgst}. Skipped with a NOTICE without openssl, unless it is required
 * ({@code SharedFixtures}: {@code SEALPOST_REQUIRE_VECTORS=true} or {@code -Dsealpost.requireVectors=true}).
 */
class RecoveryOpensslTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsOpenssl() {
        SharedFixtures.requireTool("openssl", "version");
    }

    @Test
    void officersSignTheExactStatementWithOpensslDgst() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("officers"));
        try (TestDatabase testDb = TestDatabases.h2(); RecoveryRig rig = new RecoveryRig(testDb.open(), dir.resolve("kms"))) {
            rig.keys.create("alice@example.org", KeySpec.EC_P256, KeyStatus.ACTIVE);
            // One officer per kind of key openssl makes them: RSA-2048 and EC P-384.
            Path rsa = openssl(keys, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
            Path ec = openssl(keys, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec.pem");
            RecoveryOfficer a = rig.officers.add("example.org", "Ann Archer", publicKeyOf(keys, rsa), "admin:carol");
            RecoveryOfficer b = rig.officers.add("example.org", "Bo Berg", publicKeyOf(keys, ec), "admin:carol");
            rig.officers.setPolicy("example.org", 2, "admin:carol");

            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P256);
            RecoveryRequest request = rig.recovery.open("alice@example.org", transport.getPublic(), "Case 2026-041", "admin:carol");
            Path transportPem = Files.writeString(keys.resolve("transport.pem"), pem("PUBLIC KEY", transport.getPublic().getEncoded()));
            // What an officer checks before signing: the fingerprint in the statement is the transport key's.
            Path transportDer = openssl(keys, "pkey", "-pubin", "-in", transportPem.toString(), "-outform", "DER", "-out", "transport.der");
            String digest = new String(run(keys, "openssl", "dgst", "-sha256", "-r", transportDer.toString()), StandardCharsets.US_ASCII);
            assertThat(digest.substring(0, 64)).isEqualTo(request.transportKeySha256());

            byte[] bytes = rig.requests.statement(request.requestId(), Decision.APPROVE);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // An editor that saved the statement with CRLF, or without the final newline, makes openssl sign other bytes.
            for (String altered : List.of(text.replace("\n", "\r\n"), text.substring(0, text.length() - 1))) {
                Path file = Files.writeString(keys.resolve("altered.txt"), altered);
                byte[] signature = Files.readAllBytes(openssl(keys, "dgst", "-sha256", "-sign", ec.toString(), "-out", "altered.sig", file.toString()));
                assertThatThrownBy(() -> rig.recovery.decide(request.requestId(), b.officerId(), Decision.APPROVE, signature))
                        .isInstanceOfSatisfying(RecoveryRefusedException.class,
                                e -> assertThat(e.reason()).isEqualTo(RecoveryRefusedException.Reason.BAD_SIGNATURE));
            }

            Path statement = Files.write(keys.resolve("statement.txt"), bytes);
            for (Map.Entry<RecoveryOfficer, Path> officer : Map.of(a, rsa, b, ec).entrySet()) {
                Path signature = openssl(keys, "dgst", "-sha256", "-sign", officer.getValue().toString(), "-out", officer.getValue() + ".sig",
                        statement.toString());
                RecoveryStatus status = rig.recovery.decide(request.requestId(), officer.getKey().officerId(), Decision.APPROVE,
                        Files.readAllBytes(signature));
                assertThat(status.approvedBy()).contains(officer.getKey().officerId());
            }
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.APPROVED);
            assertThat(new ReleasePackage(RecoveryRig.RANDOM).open(rig.recovery.release(request.requestId(), "admin:carol"),
                    transport.getPrivate(), transport.getPublic())).hasSize(1);
        }
    }

    /** The public key of an openssl private key file, as {@code openssl pkey -pubout} writes it. */
    private static PublicKey publicKeyOf(Path workDir, Path privateKey) throws Exception {
        String pem = new String(run(workDir, "openssl", "pkey", "-in", privateKey.toString(), "-pubout"), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String algorithm = privateKey.getFileName().toString().startsWith("rsa") ? "RSA" : "EC";
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    /** Runs {@code openssl args} in {@code workDir}; the file named by the argument after {@code -out}. */
    private static Path openssl(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(workDir, command.toArray(String[]::new));
        return workDir.resolve(args[command.indexOf("-out")]);
    }

    private static byte[] run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
