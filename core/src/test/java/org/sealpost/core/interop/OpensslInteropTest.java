package org.sealpost.core.interop;

import static org.sealpost.core.testing.SmimeOps.encrypt;
import static org.sealpost.core.testing.SmimeOps.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.sign.DigestAlgorithm;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;
import org.sealpost.core.testing.SharedFixtures;

/**
 * Interoperability with the real {@code openssl cms} (3.0) in both directions: every message
 * Sealpost writes is read by OpenSSL, and every kind of message OpenSSL writes is read by Sealpost.
 * OpenSSL reads S/MIME itself, so whole .eml files are exchanged.
 */
class OpensslInteropTest {
    private static final String FROM = "alice@example.org";
    private static final String TO = "bob@example.org";

    private static final EphemeralPki PKI = new EphemeralPki("openssl-interop");
    /** A second CA, for a dual signature with two unrelated certificates. */
    private static final EphemeralPki VP = new EphemeralPki("openssl-interop-vp");
    private static final Identity ALICE_VP = VP.rsa(FROM);

    @TempDir
    static Path keys;
    @TempDir
    Path work;

    private final SmimeDecryptor decryptor = new SmimeDecryptor();
    private final SmimeVerifier verifier = new SmimeVerifier();

    /** Signing keys, all for the From address. Issued once: every call of PKI.rsa() issues a new certificate. */
    enum SignerKey {
        RSA("RSA"), P256("secp256r1"), P384("secp384r1");

        private final Identity identity;

        SignerKey(String keyType) {
            this.identity = issue(FROM, keyType);
        }

        Identity identity() {
            return identity;
        }

        /** File name prefix of the key and certificate in the key directory. */
        String prefix() {
            return "alice-" + name().toLowerCase();
        }
    }

    /** Decryption keys, one person each. */
    enum RecipientKey {
        RSA("bob@example.org", "RSA"), P256("carol@example.org", "secp256r1"), P384("dave@example.org", "secp384r1");

        final String email;
        private final Identity identity;

        RecipientKey(String email, String keyType) {
            this.email = email;
            this.identity = issue(email, keyType);
        }

        Identity identity() {
            return identity;
        }

        String prefix() {
            return email.substring(0, email.indexOf('@'));
        }
    }

    private static Identity issue(String email, String keyType) {
        return keyType.equals("RSA") ? PKI.rsa(email) : PKI.ec(email, keyType);
    }

    @BeforeAll
    static void writeKeys() throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        Files.writeString(keys.resolve("root.pem"), EphemeralPki.pem(PKI.root()));
        Files.writeString(keys.resolve("both-roots.pem"), EphemeralPki.pem(PKI.root(), VP.root()));
        for (SignerKey k : SignerKey.values()) {
            EphemeralPki.writePem(k.identity(), keys, k.prefix());
        }
        for (RecipientKey k : RecipientKey.values()) {
            EphemeralPki.writePem(k.identity(), keys, k.prefix());
        }
        EphemeralPki.writePem(ALICE_VP, keys, "alice-vp");
    }

    // ---------------------------------------------------------------- Sealpost writes, OpenSSL reads

    @ParameterizedTest(name = "{0} to {1} {2}")
    @CsvSource({
            "AES256_CBC, RSA, PKCS1",
            "AES256_CBC, RSA, OAEP",
            "AES256_CBC, P256, ",
            "AES256_CBC, P384, ",
            "AES256_GCM, RSA, PKCS1",
            "AES256_GCM, RSA, OAEP",
            "AES256_GCM, P256, ",
            "AES256_GCM, P384, "})
    void opensslDecryptsWhatSealpostEncrypts(ContentCipher cipher, RecipientKey recipient, KeyTransport transport) throws Exception {
        String marker = "sealpost-to-openssl " + cipher + " " + recipient + " " + transport;
        EncryptOptions options = EncryptOptions.to(Recipient.of(recipient.identity().certificate())).withCipher(cipher);
        if (transport != null) {
            options = options.withKeyTransport(transport);
        }
        Path eml = write("encrypted.eml", encrypt(message(marker), options));

        String structure = openssl("cms", "-cmsout", "-print", "-in", eml.toString()).out();
        assertThat(structure)
                .contains(cipher == ContentCipher.AES256_GCM ? "authEnvelopedData" : "envelopedData")
                .contains(cipher == ContentCipher.AES256_GCM ? "aes-256-gcm" : "aes-256-cbc")
                .contains(switch (recipient) {
                    case RSA -> transport == KeyTransport.OAEP ? "rsaesOaep" : "algorithm: rsaEncryption";
                    case P256 -> "dhSinglePass-stdDH-sha256kdf-scheme";
                    case P384 -> "dhSinglePass-stdDH-sha384kdf-scheme";
                });
        if (transport == KeyTransport.OAEP) {
            assertThat(structure).as("OAEP with SHA-256 and MGF1-SHA-256").contains(":sha256").contains(":mgf1");
        }
        if (transport == KeyTransport.PKCS1) {
            assertThat(structure).as("RFC 3370: rsaEncryption parameters are NULL")
                    .containsPattern("rsaEncryption \\(1\\.2\\.840\\.113549\\.1\\.1\\.1\\)\\s+parameter: NULL");
        }

        String plain = decryptWithOpenssl(eml, recipient.prefix());
        assertThat(plain).startsWith("Content-Type: text/plain").contains(marker);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ContentCipher.class)
    void opensslDecryptsForEachOfSeveralRecipients(ContentCipher cipher) throws Exception {
        String marker = "several recipients " + cipher;
        Identity bareRsa = PKI.rsa("erin@example.org");
        Identity bareEc = PKI.ec("frank@example.org", "secp256r1");
        EphemeralPki.writePem(bareRsa, work, "erin");
        EphemeralPki.writePem(bareEc, work, "frank");
        List<Recipient> recipients = new ArrayList<>();
        for (RecipientKey k : RecipientKey.values()) {
            recipients.add(Recipient.of(k.identity().certificate()));
        }
        recipients.add(Recipient.of(bareRsa.certificate().getPublicKey()));
        recipients.add(Recipient.of(bareEc.certificate().getPublicKey()));
        byte[] encrypted = encrypt(message(marker),
                new EncryptOptions(recipients, Optional.of(cipher), Optional.empty()));
        Path eml = write("encrypted.eml", encrypted);

        assertThat(openssl("cms", "-cmsout", "-print", "-in", eml.toString()).out())
                .as("bare keys are named by SubjectKeyIdentifier").contains("subjectKeyIdentifier");
        for (RecipientKey k : RecipientKey.values()) {
            assertThat(decryptWithOpenssl(eml, k.prefix())).as(k.email).contains(marker);
        }
        assertThat(decryptWithOpenssl(eml, work.resolve("erin"))).as("bare RSA key").contains(marker);
        assertThat(decryptWithOpenssl(eml, work.resolve("frank"))).as("bare EC key").contains(marker);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "DETACHED, RSA, SHA256",
            "DETACHED, P256, SHA256",
            "DETACHED, P384, SHA384",
            "OPAQUE, RSA, SHA256",
            "OPAQUE, P256, SHA256",
            "OPAQUE, P384, SHA384"})
    void opensslVerifiesWhatSealpostSigns(SignatureForm form, SignerKey key, DigestAlgorithm digest) throws Exception {
        String marker = "sealpost signs " + form + " " + key;
        byte[] signed = sign(message(marker), new SignOptions(List.of(key.identity()), form, digest,
                Optional.empty(), Optional.empty()));
        assertThat(new String(signed, StandardCharsets.ISO_8859_1)).contains(form == SignatureForm.DETACHED
                ? "multipart/signed" : "smime-type=signed-data");
        Path eml = write("signed.eml", signed);

        Path content = work.resolve("content.txt");
        Peer.Result verify = openssl("cms", "-verify", "-in", eml.toString(), "-CAfile", keys.resolve("root.pem").toString(),
                "-out", content.toString());
        assertThat(verify.ok()).as(verify.describe()).isTrue();
        assertThat(verify.stderr()).contains("Verification successful");
        assertThat(Files.readString(content, StandardCharsets.ISO_8859_1))
                .startsWith("Content-Type: text/plain").contains(marker);
    }

    @Test
    void opensslRejectsSealpostSignatureOverAlteredContentOrForeignRoot() throws Exception {
        String marker = "tamper check";
        String signed = new String(sign(message(marker), SignOptions.detached(SignerKey.RSA.identity())),
                StandardCharsets.ISO_8859_1);
        Path good = write("good.eml", signed.getBytes(StandardCharsets.ISO_8859_1));
        Path tampered = write("tampered.eml", signed.replace(marker, "tamper chock").getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(work.resolve("vp-root.pem"), EphemeralPki.pem(VP.root()));

        Peer.Result altered = openssl("cms", "-verify", "-in", tampered.toString(), "-CAfile", keys.resolve("root.pem").toString(),
                "-out", work.resolve("x.txt").toString());
        assertThat(altered.exit()).as(altered.describe()).isNotZero();
        assertThat(altered.stderr()).contains("content verify error");

        Peer.Result foreign = openssl("cms", "-verify", "-in", good.toString(), "-CAfile", work.resolve("vp-root.pem").toString(),
                "-out", work.resolve("y.txt").toString());
        assertThat(foreign.exit()).as(foreign.describe()).isNotZero();
        assertThat(foreign.stderr()).contains("certificate verify error");
    }

    @Test
    void opensslVerifiesBothSignersOfADualSignature() throws Exception {
        String marker = "two signers to openssl";
        byte[] signed = sign(message(marker), new SignOptions(List.of(SignerKey.RSA.identity(), ALICE_VP),
                SignatureForm.DETACHED, DigestAlgorithm.SHA256, Optional.empty(), Optional.empty()));
        Path eml = write("signed.eml", signed);
        Path signers = work.resolve("signers.pem");
        Path content = work.resolve("content.txt");

        Peer.Result both = openssl("cms", "-verify", "-in", eml.toString(), "-CAfile", keys.resolve("both-roots.pem").toString(),
                "-signer", signers.toString(), "-out", content.toString());
        assertThat(both.ok()).as(both.describe()).isTrue();
        assertThat(Files.readString(content)).contains(marker);
        String signerCerts = Files.readString(signers);
        assertThat(signerCerts.split("BEGIN CERTIFICATE", -1)).as("two signer certificates").hasSize(3);

        // OpenSSL requires every signer to verify: with only the first root the message fails.
        Peer.Result oneRoot = openssl("cms", "-verify", "-in", eml.toString(), "-CAfile", keys.resolve("root.pem").toString(),
                "-out", work.resolve("x.txt").toString());
        assertThat(oneRoot.exit()).as(oneRoot.describe()).isNotZero();
    }

    @Test
    void opensslDecryptsThenVerifiesSealpostSignThenEncrypt() throws Exception {
        String marker = "sign then encrypt to openssl";
        byte[] signed = sign(message(marker), SignOptions.detached(SignerKey.RSA.identity()));
        byte[] wrapped = encrypt(signed, EncryptOptions.to(Recipient.of(RecipientKey.RSA.identity().certificate()))
                .withCipher(ContentCipher.AES256_GCM));
        Path eml = write("wrapped.eml", wrapped);

        Path inner = write("inner.eml", decryptWithOpenssl(eml, RecipientKey.RSA.prefix()).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Files.readString(inner)).contains("multipart/signed");
        Path content = work.resolve("content.txt");
        Peer.Result verify = openssl("cms", "-verify", "-in", inner.toString(), "-CAfile", keys.resolve("root.pem").toString(),
                "-out", content.toString());
        assertThat(verify.ok()).as(verify.describe()).isTrue();
        assertThat(Files.readString(content)).contains(marker);
    }

    // ---------------------------------------------------------------- OpenSSL writes, Sealpost reads

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "detached, RSA, sha256, ",
            "detached, RSA, sha512, ",
            "detached, RSA, sha256, pss",
            "detached, P256, sha256, ",
            "detached, P384, sha384, ",
            "opaque, RSA, sha256, ",
            "opaque, RSA, sha256, pss",
            "opaque, P256, sha256, ",
            "opaque, P384, sha384, "})
    void sealpostVerifiesWhatOpensslSigns(String form, SignerKey key, String md, String padding) throws Exception {
        String marker = "openssl signs " + form + " " + key + " " + md + " " + padding;
        List<String> cmd = new ArrayList<>(List.of("cms", "-sign", "-in", innerEntity(marker).toString(),
                "-signer", keys.resolve(key.prefix() + "-cert.pem").toString(),
                "-inkey", keys.resolve(key.prefix() + "-key.pem").toString(), "-md", md));
        if (padding != null) {
            cmd.addAll(List.of("-keyopt", "rsa_padding_mode:pss"));
        }
        if (form.equals("opaque")) {
            cmd.add("-nodetach");
        }
        byte[] signed = opensslWithEnvelope(cmd);
        assertThat(new String(signed, StandardCharsets.ISO_8859_1))
                .contains(form.equals("opaque") ? "smime-type=signed-data" : "multipart/signed");
        if (padding != null) {
            Path eml = write("signed.eml", signed);
            assertThat(openssl("cms", "-cmsout", "-print", "-in", eml.toString()).out()).contains("rsassaPss");
        }

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root()), content);
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.layers()).singleElement().isInstanceOfSatisfying(Layer.Signed.class, l -> assertThat(l.form())
                .isEqualTo(form.equals("opaque") ? SignatureForm.OPAQUE : SignatureForm.DETACHED));
        assertThat(report.signers()).singleElement().satisfies(s -> {
            assertThat(s.email()).contains(FROM);
            assertThat(s.digestAlgorithm()).isEqualTo(md.replace("sha", "sha-"));
            assertThat(s.trusted()).isTrue();
        });
        assertThat(content.toString(StandardCharsets.ISO_8859_1)).contains("From: " + FROM).contains(marker);
    }

    @Test
    void sealpostVerifiesBothSignersOfAnOpensslDualSignature() throws Exception {
        String marker = "openssl two signers";
        byte[] signed = opensslWithEnvelope(List.of("cms", "-sign", "-in", innerEntity(marker).toString(),
                "-signer", keys.resolve("alice-rsa-cert.pem").toString(), "-inkey", keys.resolve("alice-rsa-key.pem").toString(),
                "-signer", keys.resolve("alice-vp-cert.pem").toString(), "-inkey", keys.resolve("alice-vp-key.pem").toString()));

        VerificationReport report = verifier.verify(MessageSource.of(signed), VerifyOptions.trusting(PKI.root(), VP.root()), null);
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.signers()).hasSize(2).allSatisfy(s -> {
            assertThat(s.valid()).isTrue();
            assertThat(s.trusted()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0} to {1} {2}")
    @CsvSource({
            "aes-256-cbc, RSA, ",
            "aes-256-cbc, RSA, oaep-sha256",
            "aes-256-cbc, RSA, oaep-sha1",
            "aes-256-cbc, P256, ",
            "aes-256-cbc, P384, ",
            "aes-256-cbc, P256, kdf-sha256",
            "aes-256-gcm, RSA, ",
            "aes-256-gcm, RSA, oaep-sha256",
            "aes-256-gcm, P256, ",
            "aes-256-gcm, P384, ",
            "aes-256-gcm, P384, kdf-sha384",
            "aes-128-cbc, RSA, ",
            "aes-128-gcm, RSA, "})
    void sealpostDecryptsWhatOpensslEncrypts(String cipher, RecipientKey recipient, String keyopt) throws Exception {
        String marker = "openssl encrypts " + cipher + " " + recipient + " " + keyopt;
        List<String> cmd = new ArrayList<>(List.of("cms", "-encrypt", "-in", innerEntity(marker).toString(), "-" + cipher,
                "-recip", keys.resolve(recipient.prefix() + "-cert.pem").toString()));
        if (keyopt != null) {
            cmd.addAll(switch (keyopt) {
                case "oaep-sha256" -> List.of("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
                case "oaep-sha1" -> List.of("-keyopt", "rsa_padding_mode:oaep");
                case "kdf-sha256" -> List.of("-keyopt", "ecdh_kdf_md:sha256");
                case "kdf-sha384" -> List.of("-keyopt", "ecdh_kdf_md:sha384");
                default -> throw new IllegalArgumentException(keyopt);
            });
        }
        byte[] encrypted = opensslWithEnvelope(cmd);
        Path eml = write("encrypted.eml", encrypted);
        String structure = openssl("cms", "-cmsout", "-print", "-in", eml.toString()).out();
        if (recipient != RecipientKey.RSA && keyopt == null) {
            assertThat(structure).as("OpenSSL's default ECDH KDF").contains("dhSinglePass-stdDH-sha1kdf-scheme");
        }
        if (keyopt != null) {
            assertThat(structure).as("the -keyopt took effect").contains(switch (keyopt) {
                case "kdf-sha256" -> "dhSinglePass-stdDH-sha256kdf-scheme";
                case "kdf-sha384" -> "dhSinglePass-stdDH-sha384kdf-scheme";
                default -> "rsaesOaep";
            });
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SmimeDecryptor.Result result = decryptor.decrypt(MessageSource.of(encrypted), out, KeyHistory.of(recipient.identity()));
        assertThat(result.contentCipher()).isEqualTo(cipher.replaceFirst("^aes-(\\d+)-", "aes$1-"));
        assertThat(result.keyCertificate()).isEqualTo(recipient.identity().certificate());
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("From: " + FROM).contains("Content-Type: text/plain")
                .contains(marker);
    }

    /** With -stream OpenSSL writes indefinite-length BER, as streaming mail clients do. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-sign -nodetach", "-encrypt -aes-256-cbc", "-encrypt -aes-256-gcm"})
    void sealpostReadsOpensslStreamingBer(String operation) throws Exception {
        String marker = "openssl streams " + operation;
        List<String> cmd = new ArrayList<>(List.of("cms"));
        cmd.addAll(List.of(operation.split(" ")));
        cmd.addAll(List.of("-stream", "-in", innerEntity(marker).toString()));
        boolean sign = operation.startsWith("-sign");
        if (sign) {
            cmd.addAll(List.of("-signer", keys.resolve("alice-rsa-cert.pem").toString(),
                    "-inkey", keys.resolve("alice-rsa-key.pem").toString()));
        } else {
            cmd.addAll(List.of("-recip", keys.resolve("bob-cert.pem").toString()));
        }
        byte[] message = opensslWithEnvelope(cmd);
        byte[] der = CmsMime.cmsBody(message);
        assertThat(der[1] & 0xff).as("indefinite length").isEqualTo(0x80);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (sign) {
            VerificationReport report = verifier.verify(MessageSource.of(message), VerifyOptions.trusting(PKI.root()), out);
            assertThat(report.valid()).as(report.reason()).isTrue();
        } else {
            decryptor.decrypt(MessageSource.of(message), out, KeyHistory.of(RecipientKey.RSA.identity()));
        }
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains(marker);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"issuer-and-serial", "keyid"})
    void sealpostDecryptsAnOpensslMessageForSeveralRecipients(String identification) throws Exception {
        String marker = "openssl several recipients " + identification;
        List<String> cmd = new ArrayList<>(List.of("cms", "-encrypt", "-in", innerEntity(marker).toString(), "-aes-256-gcm"));
        if (identification.equals("keyid")) {
            cmd.add("-keyid");
        }
        for (RecipientKey k : RecipientKey.values()) {
            cmd.addAll(List.of("-recip", keys.resolve(k.prefix() + "-cert.pem").toString()));
        }
        byte[] encrypted = opensslWithEnvelope(cmd);
        if (identification.equals("keyid")) {
            Path eml = write("encrypted.eml", encrypted);
            assertThat(openssl("cms", "-cmsout", "-print", "-in", eml.toString()).out()).contains("subjectKeyIdentifier")
                    .doesNotContain("issuerAndSerialNumber");
        }
        for (RecipientKey k : RecipientKey.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            decryptor.decrypt(MessageSource.of(encrypted), out, KeyHistory.of(k.identity()));
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).as(k.email).contains(marker);
        }
    }

    @Test
    void sealpostVerifiesAnOpensslSignThenEncrypt() throws Exception {
        String marker = "openssl sign then encrypt";
        Peer.Result signed = openssl("cms", "-sign", "-in", innerEntity(marker).toString(),
                "-signer", keys.resolve("alice-rsa-cert.pem").toString(), "-inkey", keys.resolve("alice-rsa-key.pem").toString());
        assertThat(signed.ok()).as(signed.describe()).isTrue();
        Path signedEntity = write("signed-entity.txt", signed.stdout());
        byte[] wrapped = opensslWithEnvelope(List.of("cms", "-encrypt", "-in", signedEntity.toString(), "-aes-256-gcm",
                "-recip", keys.resolve("bob-cert.pem").toString()));

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = verifier.verify(MessageSource.of(wrapped),
                VerifyOptions.trusting(PKI.root()).withDecryptionKeys(KeyHistory.of(RecipientKey.RSA.identity())), content);
        assertThat(report.layers()).hasSize(2);
        assertThat(report.layers().get(0)).isInstanceOfSatisfying(Layer.Encrypted.class,
                e -> assertThat(e.contentCipher()).isEqualTo("aes256-gcm"));
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(content.toString(StandardCharsets.ISO_8859_1)).contains(marker);
    }

    // ---------------------------------------------------------------- helpers

    /** A message whose body mixes LF and CRLF line endings: Sealpost must canonicalize before signing. */
    private static byte[] message(String marker) {
        return Messages.plain("Alice <" + FROM + ">", TO, "Hello Bob,\nthis line ends in LF only.\r\n" + marker + "\r\n");
    }

    /** The MIME entity OpenSSL is asked to protect: Content-* fields and body, CRLF line endings. */
    private Path innerEntity(String marker) throws Exception {
        return write("inner.txt", ("Content-Type: text/plain; charset=us-ascii\r\n\r\nHello Bob,\r\n" + marker + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Runs an OpenSSL command that writes S/MIME to stdout, with From/To/Subject so the result is a mail message. */
    private byte[] opensslWithEnvelope(List<String> command) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("-from", FROM, "-to", TO, "-subject", "Interop"));
        Peer.Result r = openssl(cmd.toArray(String[]::new));
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r.stdout();
    }

    /** {@code openssl cms -decrypt} with the key and certificate of a file prefix in the key directory. */
    private String decryptWithOpenssl(Path eml, String prefix) {
        return decryptWithOpenssl(eml, keys.resolve(prefix));
    }

    /** {@code openssl cms -decrypt} with BASE-key.pem and BASE-cert.pem; the plaintext entity. */
    private String decryptWithOpenssl(Path eml, Path base) {
        Peer.Result r = openssl("cms", "-decrypt", "-in", eml.toString(),
                "-recip", base + "-cert.pem", "-inkey", base + "-key.pem");
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r.out();
    }

    private Peer.Result openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return new Peer(work).run(cmd);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(work.resolve(name), bytes);
    }


}
