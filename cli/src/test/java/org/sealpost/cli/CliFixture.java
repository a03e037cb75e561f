package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.testing.Messages;

/**
 * Runs {@code sealpost} in-process and holds the files the CLI tests use: keys and certificates in
 * every format the CLI reads (PKCS#8 PEM, traditional RSA/EC PEM, DER, encrypted PEM, PKCS#12),
 * two CAs, and a plain message from each signer.
 */
final class CliFixture {
    /** Environment variables set by the cli module's surefire configuration. */
    static final String PASSWORD_ENV = "SEALPOST_TEST_PASSWORD";
    static final String WRONG_PASSWORD_ENV = "SEALPOST_TEST_WRONG_PASSWORD";

    static final EphemeralPki PKI = new EphemeralPki("cli");
    static final EphemeralPki OTHER_PKI = new EphemeralPki("cli-other");
    static final Identity ALICE = PKI.rsa("alice@example.org");
    static final Identity BOB = PKI.ec("bob@example.org", "secp256r1");
    static final Identity ALICE_OTHER_CA = OTHER_PKI.rsa("alice@example.org");
    static final byte[] ALICE_MESSAGE = Messages.plain("Alice <alice@example.org>", "bob@example.org",
            "Hello Bob,\r\nsent through the command line.\r\n");
    static final byte[] BOB_MESSAGE = Messages.plain("Bob <bob@example.org>", "alice@example.org", "Hi Alice\r\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliFixture() {
    }

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static Result run(Object... args) {
        String[] strings = Stream.of(args).map(Object::toString).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), strings);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Writes every key, certificate and message into {@code dir}. */
    static void writeFiles(Path dir) throws Exception {
        EphemeralPki.writePem(ALICE, dir, "alice");
        EphemeralPki.writePem(BOB, dir, "bob");
        EphemeralPki.writePem(ALICE_OTHER_CA, dir, "alice-other");
        Files.writeString(dir.resolve("root.pem"), EphemeralPki.pem(PKI.root()));
        Files.writeString(dir.resolve("other-root.pem"), EphemeralPki.pem(OTHER_PKI.root()));
        Files.writeString(dir.resolve("alice-key-rsa.pem"), traditional(ALICE.privateKey()));
        Files.writeString(dir.resolve("bob-key-ec.pem"), traditional(BOB.privateKey()));
        Files.write(dir.resolve("alice-key.der"), ALICE.privateKey().getEncoded());
        Files.write(dir.resolve("alice-cert.der"), ALICE.certificate().getEncoded());
        String password = System.getenv(PASSWORD_ENV);
        if (password != null) {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(new JcaPKCS8Generator(ALICE.privateKey(), new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(org.sealpost.core.CryptoProviders.bouncyCastle()).setPassword(password.toCharArray()).build()).generate());
            }
            Files.writeString(dir.resolve("alice-key-encrypted.pem"), sw.toString());
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(null, null);
            p12.setKeyEntry("alice", ALICE.privateKey(), password.toCharArray(), ALICE.chain().toArray(new Certificate[0]));
            try (OutputStream out = Files.newOutputStream(dir.resolve("alice.p12"))) {
                p12.store(out, password.toCharArray());
            }
        }
        Files.write(dir.resolve("alice-message.eml"), ALICE_MESSAGE);
        Files.write(dir.resolve("bob-message.eml"), BOB_MESSAGE);
    }

    /** True when the password variables are set, as they are under Maven (not necessarily in an IDE). */
    static boolean passwordsAvailable() {
        return System.getenv(PASSWORD_ENV) != null && System.getenv(WRONG_PASSWORD_ENV) != null;
    }

    /**
     * OpenSSL's traditional PEM: "BEGIN RSA PRIVATE KEY" or "BEGIN EC PRIVATE KEY". An EC key goes
     * through Bouncy Castle's key factory first: the JDK's PKCS#8 encoding leaves the curve out of
     * the inner ECPrivateKey, and a traditional EC key without its curve cannot be read by anyone.
     */
    static String traditional(PrivateKey key) throws Exception {
        PrivateKey writable = key.getAlgorithm().equals("EC")
                ? java.security.KeyFactory.getInstance("EC", org.sealpost.core.CryptoProviders.bouncyCastle())
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()))
                : key;
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(writable);
        }
        String pem = sw.toString();
        assertThat(pem).contains(key.getAlgorithm().equals("EC") ? "BEGIN EC PRIVATE KEY" : "BEGIN RSA PRIVATE KEY");
        return pem;
    }

    /**
     * The failure contract: one of the expected exit codes, exactly one line on stderr starting with
     * "sealpost: " and no stack trace or exception name, no output file and no temporary leftovers.
     */
    static void assertFailed(Result r, Path out, int... codes) throws Exception {
        assertThat(r.exit()).as(r.toString()).isIn(java.util.Arrays.stream(codes).boxed().toArray());
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).as(r.toString()).startsWith("sealpost: ").doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContain("\tat ");
        if (out != null) {
            assertThat(out).as("--out after a failed command").doesNotExist();
            assertNoLeftovers(out.toAbsolutePath().getParent());
        }
    }

    static void assertNoLeftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList())
                    .as("temporary files in " + dir).isEmpty();
        }
    }
}
