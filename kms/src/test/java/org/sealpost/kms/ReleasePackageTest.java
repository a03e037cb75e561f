package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasePackageTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPairFactory FACTORY = new KeyPairFactory(RANDOM);
    // The RSA keys are made once: RSA-2048 generation is slow on the shared test machine.
    private static KeyPair rsaTransport;
    private static KeyPair rsaHistoryKey;

    private final ReleasePackage release = new ReleasePackage(RANDOM);
    private final KeyPair ecHistoryKey = FACTORY.generate(KeySpec.EC_P256);
    private final KeyPair ecHistoryKey384 = FACTORY.generate(KeySpec.EC_P384);

    @BeforeAll
    static void rsaKeys() {
        rsaTransport = FACTORY.generate(KeySpec.RSA_2048);
        rsaHistoryKey = FACTORY.generate(KeySpec.RSA_2048);
    }

    private List<ReleasedKey> history() {
        return List.of(new ReleasedKey("k-new", ecHistoryKey.getPrivate()), new ReleasedKey("k-mid", ecHistoryKey384.getPrivate()),
                new ReleasedKey("k-old", rsaHistoryKey.getPrivate()));
    }

    @Test
    void roundTripsToAnRsaTransportKey() {
        byte[] envelope = release.wrap(history(), rsaTransport.getPublic());
        assertOpensToHistory(release.open(envelope, rsaTransport.getPrivate(), rsaTransport.getPublic()));
        assertOpensToHistory(release.open(envelope, rsaTransport.getPrivate()));
    }

    @Test
    void roundTripsToEcTransportKeys() {
        for (KeySpec spec : List.of(KeySpec.EC_P256, KeySpec.EC_P384)) {
            KeyPair transport = FACTORY.generate(spec);
            byte[] envelope = release.wrap(history(), transport.getPublic());
            assertOpensToHistory(release.open(envelope, transport.getPrivate(), transport.getPublic()));
            assertOpensToHistory(release.open(envelope, transport.getPrivate()));
        }
    }

    private void assertOpensToHistory(List<ReleasedKey> opened) {
        assertThat(opened).extracting(ReleasedKey::keyId).containsExactly("k-new", "k-mid", "k-old");
        assertThat(opened.get(0).key().getEncoded()).isEqualTo(ecHistoryKey.getPrivate().getEncoded());
        assertThat(opened.get(1).key().getEncoded()).isEqualTo(ecHistoryKey384.getPrivate().getEncoded());
        assertThat(opened.get(2).key().getEncoded()).isEqualTo(rsaHistoryKey.getPrivate().getEncoded());
        assertThat(opened.get(0).toString()).contains("redacted").doesNotContain(Base64.getEncoder().encodeToString(ecHistoryKey.getPrivate().getEncoded()));
    }

    @Test
    void wrongTransportKeyIsAClearError() {
        KeyPair transport = FACTORY.generate(KeySpec.EC_P256);
        KeyPair other = FACTORY.generate(KeySpec.EC_P256);
        byte[] envelope = release.wrap(history(), transport.getPublic());
        assertThatThrownBy(() -> release.open(envelope, other.getPrivate(), other.getPublic()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not addressed to this transport key");
        // The right identifier with the wrong private key: decryption fails, no garbage comes out.
        assertThatThrownBy(() -> release.open(envelope, other.getPrivate(), transport.getPublic()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("cannot open");
        assertThatThrownBy(() -> release.open(envelope, other.getPrivate()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not for this transport key");
        byte[] toRsa = release.wrap(history(), rsaTransport.getPublic());
        assertThatThrownBy(() -> release.open(toRsa, transport.getPrivate()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not addressed to this transport key");
        assertThatThrownBy(() -> release.open(toRsa, transport.getPrivate(), transport.getPublic()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not addressed to this transport key");
    }

    @Test
    void tamperedEnvelopeIsRejected() {
        KeyPair transport = FACTORY.generate(KeySpec.EC_P256);
        byte[] envelope = release.wrap(history(), transport.getPublic());
        // Flip a bit in the encrypted content (the bulk of the envelope, well before the 16-byte tag at the end).
        byte[] tampered = envelope.clone();
        tampered[tampered.length - 100] ^= 0x01;
        assertThatThrownBy(() -> release.open(tampered, transport.getPrivate(), transport.getPublic()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("tampered");
        assertThatThrownBy(() -> release.open(tampered, transport.getPrivate()))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("tampered");
        byte[] truncated = java.util.Arrays.copyOf(envelope, envelope.length - 1);
        assertThatThrownBy(() -> release.open(truncated, transport.getPrivate(), transport.getPublic()))
                .isInstanceOf(ReleaseException.class);
    }

    @Test
    void unsuitableTransportKeysAndEmptyHistoriesAreRefused() throws Exception {
        java.security.KeyPairGenerator small = java.security.KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        KeyPair weak = small.generateKeyPair();
        assertThatThrownBy(() -> release.wrap(history(), weak.getPublic())).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("at least 2048");
        java.security.KeyPairGenerator ed = java.security.KeyPairGenerator.getInstance("Ed25519");
        assertThatThrownBy(() -> release.wrap(history(), ed.generateKeyPair().getPublic())).isInstanceOf(ReleaseException.class)
                .hasMessageContaining("unsupported transport key");
        assertThatThrownBy(() -> release.wrap(List.of(), rsaTransport.getPublic())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensslCanDecryptWithTheTransportKey(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(opensslAvailable() || Boolean.getBoolean("sealpost.requireVectors"),
                "NOTICE: openssl not found; skipping the openssl interoperability check");
        for (KeyPair transport : List.of(rsaTransport, FACTORY.generate(KeySpec.EC_P256), FACTORY.generate(KeySpec.EC_P384))) {
            byte[] envelope = release.wrap(history(), transport.getPublic());
            Path in = Files.write(dir.resolve("release.der"), envelope);
            Path key = Files.writeString(dir.resolve("transport.pem"), pem(transport.getPrivate()));
            Path out = dir.resolve("content.der");
            Process p = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in", in.toString(),
                    "-inkey", key.toString(), "-out", out.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("openssl cms -decrypt (" + transport.getPublic().getAlgorithm() + "): " + output).isZero();

            ASN1Sequence keys = ASN1Sequence.getInstance(Files.readAllBytes(out));
            assertThat(keys.size()).isEqualTo(3);
            assertThat(PrivateKeyInfo.getInstance(keys.getObjectAt(2)).parsePrivateKey().toASN1Primitive().getEncoded())
                    .isEqualTo(PrivateKeyInfo.getInstance(rsaHistoryKey.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
        }
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
