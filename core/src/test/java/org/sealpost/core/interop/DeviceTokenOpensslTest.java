package org.sealpost.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.testing.SharedFixtures;

/**
 * {@code openssl dgst -verify} checks the signatures of device tokens, so that the JWS algorithms
 * are the standard ones (RFC 7518: RSASSA-PSS with SHA-256 and a 32-byte salt; ECDSA with the
 * signature as R || S), not only what our own verifier expects.
 */
class DeviceTokenOpensslTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void openssl() {
        SharedFixtures.requireTool("openssl", "version");
    }

    @Test
    void opensslVerifiesAPs256Token() throws Exception {
        Identity device = new EphemeralPki("Token Interop").rsa("rsa@example.org");
        String[] parts = token(device);
        Path signature = Files.write(dir.resolve("sig"), Base64URL.from(parts[2]).decode());

        Peer.Result result = verify(device, signature, parts, "-sha256", "-sigopt", "rsa_padding_mode:pss",
                "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256");

        assertThat(result.out()).as(result.describe()).contains("Verified OK");
    }

    @Test
    void opensslVerifiesAnEs384Token() throws Exception {
        Identity device = new EphemeralPki("Token Interop").ec("ec@example.org", "secp384r1");
        String[] parts = token(device);
        byte[] raw = Base64URL.from(parts[2]).decode();
        // JWS carries R || S; openssl wants the DER SEQUENCE of the two integers.
        int half = raw.length / 2;
        byte[] der = new DERSequence(new ASN1Integer[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)))}).getEncoded();
        Path signature = Files.write(dir.resolve("sig"), der);

        Peer.Result result = verify(device, signature, parts, "-sha384");

        assertThat(half).isEqualTo(48);
        assertThat(result.out()).as(result.describe()).contains("Verified OK");
    }

    private static String[] token(Identity device) {
        DeviceTokenSigner signer = new DeviceTokenSigner(device.privateKey(), device.certificate(), Clock.systemUTC(),
                new SecureRandom(), DeviceTokenSigner.DEFAULT_LIFETIME);
        return signer.token("GET", "https://mail.example.org/v1/keys", null).split("\\.");
    }

    private Peer.Result verify(Identity device, Path signature, String[] parts, String... options) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), EphemeralPki.pem(device.certificate()));
        Path input = Files.write(dir.resolve("input"), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        Peer peer = new Peer(dir);
        Peer.Result key = peer.run("openssl", "x509", "-in", cert.toString(), "-pubkey", "-noout", "-out", "pub.pem");
        assertThat(key.ok()).as(key.describe()).isTrue();
        List<String> command = new ArrayList<>(List.of("openssl", "dgst"));
        command.addAll(List.of(options));
        command.addAll(List.of("-verify", "pub.pem", "-signature", signature.toString(), input.toString()));
        return peer.run(command.toArray(String[]::new));
    }
}
