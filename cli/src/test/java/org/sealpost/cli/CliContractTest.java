package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sealpost.cli.CliFixture.Result;

/**
 * The command-line contract, run in-process through {@link Main#run(java.io.PrintWriter, java.io.PrintWriter, String...)}:
 *
 * <pre>
 * sealpost smime sign    --in F --out F --signer-cert C.pem --signer-key K.pem [--signer-cert C2.pem --signer-key K2.pem] [--opaque] [--tsa-url URL]
 * sealpost smime encrypt --in F --out F --recipient C.pem [--recipient C2.pem ...] [--cipher aes256-gcm|aes256-cbc] [--key-transport oaep|pkcs1]
 * sealpost smime decrypt --in F --out F --key K.pem --cert C.pem [--key K2.pem --cert C2.pem ...]
 * sealpost smime verify  --in F [--trust CA.pem ...] [--out F] [--json]
 * sealpost smime inspect --in F [--json]
 * </pre>
 *
 * with {@code --p12 F --password-env VAR} in place of a key and certificate. Exit codes: 0 success;
 * 1 decryption failed or a signature is invalid or untrusted; 2 usage error or unreadable input,
 * with exactly one line on stderr starting with "sealpost: ".
 */
class CliContractTest {
    @TempDir
    static Path keys;

    @TempDir
    Path work;

    @BeforeAll
    static void writeKeys() throws Exception {
        CliFixture.writeFiles(keys);
    }

    private static Path k(String name) {
        return keys.resolve(name);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
            "alice-key.pem, alice-cert.pem, alice-message.eml, alice@example.org",
            "alice-key-rsa.pem, alice-chain.pem, alice-message.eml, alice@example.org",
            "alice-key.der, alice-cert.der, alice-message.eml, alice@example.org",
            "bob-key.pem, bob-cert.pem, bob-message.eml, bob@example.org",
            "bob-key-ec.pem, bob-chain.pem, bob-message.eml, bob@example.org"})
    void signedMessagesVerifyWithTheSignerInTheJsonReport(String key, String cert, String message, String email) throws Exception {
        Path signed = work.resolve("signed.eml");
        Result sign = run("smime", "sign", "--in", k(message), "--out", signed, "--signer-cert", k(cert), "--signer-key", k(key));
        assertThat(sign.exit()).as(sign.toString()).isZero();
        assertThat(sign.err()).isEmpty();
        assertThat(Files.readString(signed, StandardCharsets.ISO_8859_1)).contains("multipart/signed");

        Result verify = run("smime", "verify", "--in", signed, "--trust", k("root.pem"), "--json");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        JsonNode json = verify.json();
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("signers")).hasSize(1);
        JsonNode signer = json.get("signers").get(0);
        assertThat(signer.get("email").asText()).isEqualTo(email);
        assertThat(signer.get("subject").asText()).contains("CN=" + email);
        assertThat(signer.get("valid").asBoolean()).isTrue();
        assertThat(signer.get("trusted").asBoolean()).isTrue();
        assertThat(signer.get("reason").asText()).isEqualTo("ok");
        CliFixture.assertNoLeftovers(work);
    }

    @Test
    void opaqueSignatureVerifiesAndInspects() throws Exception {
        Path signed = work.resolve("opaque.eml");
        assertThat(run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed, "--signer-cert", k("alice-cert.pem"),
                "--signer-key", k("alice-key.pem"), "--opaque").exit()).isZero();
        assertThat(Files.readString(signed)).contains("smime-type=signed-data");

        Path content = work.resolve("content.eml");
        Result verify = run("smime", "verify", "--in", signed, "--trust", k("root.pem"), "--out", content);
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).startsWith("Verification OK");
        assertThat(Files.readString(content)).contains("Subject: Test message").contains("sent through the command line.");

        Result inspect = run("smime", "inspect", "--in", signed, "--json");
        assertThat(inspect.exit()).isZero();
        JsonNode layer = inspect.json().get("layers").get(0);
        assertThat(layer.get("type").asText()).isEqualTo("signed");
        assertThat(layer.get("form").asText()).isEqualTo("opaque");
        assertThat(layer.get("signers").get(0).get("subject").asText()).contains("alice@example.org");
    }

    @Test
    void dualSignatureNeedsBothAnchorsToBeValid() throws Exception {
        Path signed = work.resolve("dual.eml");
        Result sign = run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed,
                "--signer-cert", k("alice-cert.pem"), "--signer-key", k("alice-key.pem"),
                "--signer-cert", k("alice-other-cert.pem"), "--signer-key", k("alice-other-key.pem"));
        assertThat(sign.exit()).as(sign.toString()).isZero();

        Result both = run("smime", "verify", "--in", signed, "--trust", k("root.pem"), "--trust", k("other-root.pem"), "--json");
        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(both.json().get("signers")).hasSize(2);

        Result one = run("smime", "verify", "--in", signed, "--trust", k("root.pem"), "--json");
        assertThat(one.exit()).isEqualTo(1);
        assertThat(one.errLines()).singleElement().asString().startsWith("sealpost: verification failed: ");
        JsonNode json = one.json();
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("signers").get(0).get("trusted").asBoolean()).isTrue();
        assertThat(json.get("signers").get(1).get("valid").asBoolean()).isTrue();
        assertThat(json.get("signers").get(1).get("trusted").asBoolean()).isFalse();
        assertThat(json.get("signers").get(1).get("reason").asText()).contains("not trusted");
    }

    @Test
    void untrustedSignerIsValidButExitsOne() throws Exception {
        Path signed = signDetached();
        Result verify = run("smime", "verify", "--in", signed, "--json");
        assertThat(verify.exit()).isEqualTo(1);
        JsonNode signer = verify.json().get("signers").get(0);
        assertThat(signer.get("valid").asBoolean()).isTrue();
        assertThat(signer.get("trusted").asBoolean()).isFalse();
        assertThat(signer.get("reason").asText()).contains("no trust anchor");
        assertThat(verify.errLines()).singleElement().asString().startsWith("sealpost: ");
    }

    @Test
    void tamperedMessageFailsVerificationAndWritesNoContent() throws Exception {
        Path signed = signDetached();
        Files.writeString(signed, Files.readString(signed, StandardCharsets.ISO_8859_1).replace("Hello Bob", "Hello Eve"),
                StandardCharsets.ISO_8859_1);
        Path content = work.resolve("content.eml");
        Result verify = run("smime", "verify", "--in", signed, "--trust", k("root.pem"), "--out", content, "--json");
        assertFailed(verify, content, 1);
        assertThat(verify.json().get("valid").asBoolean()).isFalse();
        assertThat(verify.json().get("signers").get(0).get("reason").asText()).contains("altered");
    }

    @Test
    void unsignedMessageFailsVerification() throws Exception {
        Result verify = run("smime", "verify", "--in", k("alice-message.eml"), "--trust", k("root.pem"));
        assertFailed(verify, null, 1);
        assertThat(verify.err()).contains("not signed");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", value = {
            "aes256-gcm, oaep, authEnveloped-data, aes256-gcm",
            "aes256-cbc, pkcs1, enveloped-data, aes256-cbc",
            "aes256-cbc, oaep, enveloped-data, aes256-cbc",
            "-, -, enveloped-data, aes256-cbc"})
    void encryptedMessagesDecryptForEachRecipient(String cipher, String transport, String cmsType, String expectedCipher)
            throws Exception {
        Path encrypted = work.resolve("encrypted.eml");
        java.util.List<Object> args = new java.util.ArrayList<>(java.util.List.of("smime", "encrypt", "--in", k("alice-message.eml"),
                "--out", encrypted, "--recipient", k("alice-cert.pem"), "--recipient", k("bob-cert.pem")));
        if (cipher != null) {
            args.addAll(java.util.List.of("--cipher", cipher, "--key-transport", transport));
        }
        Result encrypt = run(args.toArray());
        assertThat(encrypt.exit()).as(encrypt.toString()).isZero();
        assertThat(Files.readString(encrypted)).doesNotContain("Hello Bob");

        Result inspect = run("smime", "inspect", "--in", encrypted, "--json");
        JsonNode layer = inspect.json().get("layers").get(0);
        assertThat(layer.get("type").asText()).isEqualTo(cmsType);
        assertThat(layer.get("contentCipher").asText()).isEqualTo(expectedCipher);
        assertThat(layer.get("recipients")).hasSize(2);

        for (String[] key : new String[][] {{"bob-key.pem", "bob-cert.pem"}, {"bob-key-ec.pem", "bob-cert.pem"},
                {"alice-key-rsa.pem", "alice-cert.pem"}, {"alice-key.der", "alice-cert.der"}}) {
            Path plain = work.resolve("plain-" + key[0] + ".eml");
            Result decrypt = run("smime", "decrypt", "--in", encrypted, "--out", plain, "--key", k(key[0]), "--cert", k(key[1]));
            assertThat(decrypt.exit()).as(decrypt.toString()).isZero();
            assertThat(decrypt.err()).isEmpty();
            assertThat(Files.readString(plain)).contains("Subject: Test message").contains("Hello Bob,\r\nsent through the command line.");
        }
        CliFixture.assertNoLeftovers(work);
    }

    @Test
    void decryptTriesEveryKeyOfTheHistory() throws Exception {
        Path encrypted = encryptToBob();
        Path plain = work.resolve("plain.eml");
        Result decrypt = run("smime", "decrypt", "--in", encrypted, "--out", plain,
                "--key", k("alice-key.pem"), "--cert", k("alice-cert.pem"),
                "--key", k("bob-key.pem"), "--cert", k("bob-cert.pem"));
        assertThat(decrypt.exit()).as(decrypt.toString()).isZero();
        assertThat(Files.readString(plain)).contains("Hello Bob");
    }

    @Test
    void decryptWithoutAMatchingKeyExitsOneAndWritesNothing() throws Exception {
        Path encrypted = encryptToBob();
        Path plain = work.resolve("plain.eml");
        Result decrypt = run("smime", "decrypt", "--in", encrypted, "--out", plain, "--key", k("alice-key.pem"), "--cert", k("alice-cert.pem"));
        assertFailed(decrypt, plain, 1);
        assertThat(decrypt.err()).contains("matches");
    }

    @Test
    void pkcs12WithPasswordFromTheEnvironmentSignsAndDecrypts() throws Exception {
        assumeTrue(CliFixture.passwordsAvailable(), "run under Maven: the cli pom sets " + CliFixture.PASSWORD_ENV);
        Path signed = work.resolve("signed.eml");
        Result sign = run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed,
                "--p12", k("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV);
        assertThat(sign.exit()).as(sign.toString()).isZero();
        assertThat(run("smime", "verify", "--in", signed, "--trust", k("root.pem")).exit()).isZero();

        Path encrypted = work.resolve("encrypted.eml");
        assertThat(run("smime", "encrypt", "--in", signed, "--out", encrypted, "--recipient", k("alice-cert.pem")).exit()).isZero();
        Path plain = work.resolve("plain.eml");
        Result decrypt = run("smime", "decrypt", "--in", encrypted, "--out", plain,
                "--p12", k("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV);
        assertThat(decrypt.exit()).as(decrypt.toString()).isZero();
        assertThat(Files.readAllBytes(plain)).isEqualTo(Files.readAllBytes(signed));

        Path wrong = work.resolve("wrong.eml");
        assertFailed(run("smime", "decrypt", "--in", encrypted, "--out", wrong,
                "--p12", k("alice.p12"), "--password-env", CliFixture.WRONG_PASSWORD_ENV), wrong, 2);
    }

    @Test
    void encryptedPemKeyTakesItsPasswordFromTheEnvironment() throws Exception {
        assumeTrue(CliFixture.passwordsAvailable(), "run under Maven: the cli pom sets " + CliFixture.PASSWORD_ENV);
        Path signed = work.resolve("signed.eml");
        Result sign = run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed, "--signer-cert", k("alice-cert.pem"),
                "--signer-key", k("alice-key-encrypted.pem"), "--key-password-env", CliFixture.PASSWORD_ENV);
        assertThat(sign.exit()).as(sign.toString()).isZero();

        Path none = work.resolve("none.eml");
        Result noPassword = run("smime", "sign", "--in", k("alice-message.eml"), "--out", none, "--signer-cert", k("alice-cert.pem"),
                "--signer-key", k("alice-key-encrypted.pem"));
        assertFailed(noPassword, none, 2);
        assertThat(noPassword.err()).contains("password");

        Result wrongPassword = run("smime", "sign", "--in", k("alice-message.eml"), "--out", none, "--signer-cert", k("alice-cert.pem"),
                "--signer-key", k("alice-key-encrypted.pem"), "--key-password-env", CliFixture.WRONG_PASSWORD_ENV);
        assertFailed(wrongPassword, none, 2);
        assertThat(wrongPassword.err()).contains("wrong password").doesNotContain(System.getenv(CliFixture.WRONG_PASSWORD_ENV));
    }

    @Test
    void inspectDescribesEachLayer() throws Exception {
        Path signed = signDetached();
        Result json = run("smime", "inspect", "--in", signed, "--json");
        assertThat(json.exit()).isZero();
        JsonNode root = json.json();
        assertThat(root.get("contentType").asText()).isEqualTo("multipart/signed");
        assertThat(root.get("layers").get(0).get("form").asText()).isEqualTo("detached");
        assertThat(root.get("innerContentType").asText()).isEqualTo("text/plain");

        Result human = run("smime", "inspect", "--in", signed);
        assertThat(human.exit()).isZero();
        assertThat(human.out()).contains("content-type: multipart/signed").contains("layer 1: signed (detached)");

        Result plain = run("smime", "inspect", "--in", k("alice-message.eml"), "--json");
        assertThat(plain.exit()).isZero();
        assertThat(plain.json().get("layers")).isEmpty();
    }

    @Test
    void unreachableTimestampAuthorityFailsWithoutOutput() throws Exception {
        Path signed = work.resolve("signed.eml");
        // Port 9 (discard) on the loopback interface: nothing listens there on a test machine.
        Result sign = run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed, "--signer-cert", k("alice-cert.pem"),
                "--signer-key", k("alice-key.pem"), "--tsa-url", "http://127.0.0.1:9/tsa");
        assertFailed(sign, signed, 1);
        assertThat(sign.err()).contains("timestamp authority").contains("cannot be reached").doesNotContain("null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no options | smime sign",
            "unknown option | smime verify --in x.eml --frobnicate",
            "unknown cipher | smime encrypt --in KEYS/alice-message.eml --out OUT --recipient KEYS/bob-cert.pem --cipher des",
            "unknown key transport | smime encrypt --in KEYS/alice-message.eml --out OUT --recipient KEYS/alice-cert.pem --key-transport rsa",
            "no recipient | smime encrypt --in KEYS/alice-message.eml --out OUT",
            "key without certificate | smime decrypt --in KEYS/alice-message.eml --out OUT --key KEYS/bob-key.pem",
            "no key at all | smime decrypt --in KEYS/alice-message.eml --out OUT",
            "p12 without password variable | smime decrypt --in KEYS/alice-message.eml --out OUT --p12 KEYS/alice.p12",
            "unset password variable | smime decrypt --in KEYS/alice-message.eml --out OUT --p12 KEYS/alice.p12 --password-env SEALPOST_NO_SUCH_VARIABLE",
            "three signers | smime sign --in KEYS/alice-message.eml --out OUT --signer-cert KEYS/alice-cert.pem --signer-key KEYS/alice-key.pem --signer-cert KEYS/bob-cert.pem --signer-key KEYS/bob-key.pem --signer-cert KEYS/alice-other-cert.pem --signer-key KEYS/alice-other-key.pem",
            "signer key of another certificate | smime sign --in KEYS/alice-message.eml --out OUT --signer-cert KEYS/alice-cert.pem --signer-key KEYS/bob-key.pem",
            "certificate given as the key | smime sign --in KEYS/alice-message.eml --out OUT --signer-cert KEYS/alice-cert.pem --signer-key KEYS/alice-cert.pem",
            "key given as the certificate | smime encrypt --in KEYS/alice-message.eml --out OUT --recipient KEYS/alice-key.pem",
            "missing input | smime sign --in KEYS/nothing-here.eml --out OUT --signer-cert KEYS/alice-cert.pem --signer-key KEYS/alice-key.pem",
            "input is a directory | smime inspect --in KEYS",
            "missing trust anchor | smime verify --in KEYS/alice-message.eml --trust KEYS/nothing-here.pem",
            "timestamp authority that is not http | smime sign --in KEYS/alice-message.eml --out OUT --signer-cert KEYS/alice-cert.pem --signer-key KEYS/alice-key.pem --tsa-url ftp://tsa.example/",
            "output is a directory | smime sign --in KEYS/alice-message.eml --out KEYS --signer-cert KEYS/alice-cert.pem --signer-key KEYS/alice-key.pem",
            "output in a missing directory | smime encrypt --in KEYS/alice-message.eml --out MISSING/out.eml --recipient KEYS/bob-cert.pem"})
    void usageErrorsExitTwoWithOneLine(String what, String commandLine) throws Exception {
        Path out = work.resolve("out.eml");
        String[] args = commandLine.replace("KEYS", keys.toString()).replace("OUT", out.toString())
                .replace("MISSING", work.resolve("missing").toString()).split(" ");
        Result r = run((Object[]) args);
        assertFailed(r, out, 2);
    }

    private Path signDetached() throws Exception {
        Path signed = work.resolve("signed.eml");
        Result sign = run("smime", "sign", "--in", k("alice-message.eml"), "--out", signed,
                "--signer-cert", k("alice-cert.pem"), "--signer-key", k("alice-key.pem"));
        assertThat(sign.exit()).as(sign.toString()).isZero();
        return signed;
    }

    private Path encryptToBob() throws Exception {
        Path encrypted = work.resolve("encrypted.eml");
        Result encrypt = run("smime", "encrypt", "--in", k("alice-message.eml"), "--out", encrypted, "--recipient", k("bob-cert.pem"),
                "--cipher", "aes256-gcm");
        assertThat(encrypt.exit()).as(encrypt.toString()).isZero();
        return encrypted;
    }
}
