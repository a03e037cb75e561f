package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Random;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;

/**
 * Key and certificate files that are wrong in the ways people get them wrong: a certificate given
 * as the key, an encrypted key without or with a wrong password, a PKCS#12 file with a wrong
 * password, files that are empty, random or missing. Each is a {@link KeyMaterialException} whose
 * one-line message names the file and never echoes the password.
 */
class KeyMaterialBadInputTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();
    private static final char[] WRONG = "battery staple".toCharArray();

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        Identity alice = Corpus.ALICE;
        EphemeralPki.writePem(alice, dir, "alice");
        Files.write(dir.resolve("alice-cert.der"), alice.certificate().getEncoded());
        Files.write(dir.resolve("alice-key.der"), alice.privateKey().getEncoded());
        Files.writeString(dir.resolve("alice-key-pkcs8-encrypted.pem"), pem(new JcaPKCS8Generator(alice.privateKey(),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(org.sealpost.core.CryptoProviders.bouncyCastle()).setPassword(PASSWORD).build())));
        Files.writeString(dir.resolve("alice-key-traditional-encrypted.pem"), traditional(alice.privateKey(), PASSWORD));
        Files.writeString(dir.resolve("alice-key-traditional.pem"), traditional(alice.privateKey(), null));
        Files.writeString(dir.resolve("carol-key-traditional.pem"), traditional(bouncyCastleKey(Corpus.CAROL_EC.privateKey()), null));
        Files.writeString(dir.resolve("carol-key-traditional-encrypted.pem"),
                traditional(bouncyCastleKey(Corpus.CAROL_EC.privateKey()), PASSWORD));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("alice", alice.privateKey(), PASSWORD, alice.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(dir.resolve("alice.p12"))) {
            p12.store(out, PASSWORD);
        }
        Files.write(dir.resolve("empty"), new byte[0]);
        Files.createDirectories(dir.resolve("a-directory"));
        byte[] noise = new byte[3000];
        new Random(7).nextBytes(noise);
        Files.write(dir.resolve("noise"), noise);
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA!!!!\n-----END PRIVATE KEY-----\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-cert.pem", "alice-chain.pem", "alice-cert.der", "empty", "noise", "broken.pem", "missing",
            "alice.p12", "a-directory"})
    void aFileThatHoldsNoPrivateKeyIsRefusedAsAKey(String name) {
        expectRefusal(() -> KeyMaterial.readPrivateKey(dir.resolve(name), null), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-key.pem", "alice-key.der", "alice-key-traditional.pem", "empty", "noise", "broken.pem",
            "missing"})
    void aFileThatHoldsNoCertificateIsRefusedAsACertificate(String name) {
        expectRefusal(() -> KeyMaterial.readCertificates(dir.resolve(name)), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-key-pkcs8-encrypted.pem", "alice-key-traditional-encrypted.pem"})
    void anEncryptedKeyNeedsItsPassword(String name) throws Exception {
        Path file = dir.resolve(name);
        assertThat(expectRefusal(() -> KeyMaterial.readPrivateKey(file, null), name)).contains("password");
        assertThat(expectRefusal(() -> KeyMaterial.readPrivateKey(file, WRONG.clone()), name)).contains("password");
        assertThat(KeyMaterial.readPrivateKey(file, PASSWORD.clone())).isEqualTo(Corpus.ALICE.privateKey());
    }

    @Test
    void plainKeysInEveryFormatAreRead() throws Exception {
        for (String name : new String[] {"alice-key.pem", "alice-key.der", "alice-key-traditional.pem"}) {
            assertThat(KeyMaterial.readPrivateKey(dir.resolve(name), null)).as(name).isEqualTo(Corpus.ALICE.privateKey());
        }
        assertThat(KeyMaterial.readCertificate(dir.resolve("alice-cert.der"))).isEqualTo(Corpus.ALICE.certificate());
    }

    /** RFC 5915 makes the public key of an ECPrivateKey optional; Bouncy Castle writes it without one. */
    @ParameterizedTest
    @ValueSource(strings = {"carol-key-traditional.pem", "carol-key-traditional-encrypted.pem"})
    void aTraditionalEcKeyWithoutItsPublicKeyIsRead(String name) throws Exception {
        assertThat(Files.readString(dir.resolve(name))).contains("BEGIN EC PRIVATE KEY");
        PrivateKey key = KeyMaterial.readPrivateKey(dir.resolve(name), name.contains("encrypted") ? PASSWORD.clone() : null);
        assertThat(((java.security.interfaces.ECPrivateKey) key).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) Corpus.CAROL_EC.privateKey()).getS());
        assertThat(KeyMaterial.identity(dir.resolve(name), name.contains("encrypted") ? PASSWORD.clone() : null,
                writeCert("carol-cert.pem", Corpus.CAROL_EC)).certificate()).isEqualTo(Corpus.CAROL_EC.certificate());
    }

    private static Path writeCert(String name, Identity id) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, EphemeralPki.pem(id.certificate()));
        return file;
    }

    /** The key as Bouncy Castle's provider holds it, so that its PEM writer includes the curve. */
    private static PrivateKey bouncyCastleKey(PrivateKey key) throws Exception {
        return java.security.KeyFactory.getInstance(key.getAlgorithm(), org.sealpost.core.CryptoProviders.bouncyCastle())
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
    }

    @Test
    void aPkcs12WithTheWrongPasswordIsRefused() throws Exception {
        Path p12 = dir.resolve("alice.p12");
        assertThat(expectRefusal(() -> KeyMaterial.readPkcs12(p12, WRONG.clone()), "alice.p12")).contains("password");
        assertThat(KeyMaterial.readPkcs12(p12, PASSWORD.clone())).singleElement()
                .satisfies(id -> assertThat(id.certificate()).isEqualTo(Corpus.ALICE.certificate()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-cert.pem", "alice-key.pem", "empty", "noise", "missing"})
    void aFileThatIsNoPkcs12IsRefusedAsOne(String name) {
        expectRefusal(() -> KeyMaterial.readPkcs12(dir.resolve(name), PASSWORD.clone()), name);
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        EphemeralPki.writePem(Corpus.BOB, dir, "bob");
        assertThatThrownBy(() -> KeyMaterial.identity(dir.resolve("bob-key.pem"), null, dir.resolve("alice-cert.pem")))
                .isInstanceOf(KeyMaterialException.class).hasMessageContaining("does not belong");
    }

    private interface Read {
        Object run() throws Exception;
    }

    /** Runs a read that must fail with a KeyMaterialException, and returns its message after checking it. */
    private static String expectRefusal(Read read, String name) {
        try {
            Object result = read.run();
            throw new AssertionError(name + " was accepted: " + result);
        } catch (KeyMaterialException e) {
            String m = e.getMessage();
            assertThat(m).as(name).contains(name.equals("missing") ? "no such file" : name)
                    .doesNotContain("\n").doesNotContain("Exception").doesNotContain(new String(PASSWORD))
                    .doesNotContain(new String(WRONG));
            return m;
        } catch (Exception e) {
            throw new AssertionError(name + " failed with " + e + " instead of a KeyMaterialException", e);
        }
    }

    private static String pem(Object o) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof JcaPKCS8Generator g ? g.generate() : o);
        }
        return sw.toString();
    }

    /** OpenSSL's traditional format ("BEGIN RSA PRIVATE KEY"), encrypted with Proc-Type/DEK-Info when a password is given. */
    static String traditional(PrivateKey key, char[] password) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (password == null) {
                w.writeObject(key);
            } else {
                w.writeObject(key, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(org.sealpost.core.CryptoProviders.bouncyCastle()).build(password));
            }
        }
        return sw.toString();
    }
}
