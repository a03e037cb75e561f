package org.sealpost.ca.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.profile.SubjectAttribute;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.ca.testing.Tool;
import org.sealpost.core.testing.SharedFixtures;

/** openssl verifies certificates of every profile up to the root, for the S/MIME purposes, and parses them. */
class OpensslAcceptsIssuedCertificatesTest {
    private static TestCa ca;

    @TempDir
    Path work;

    @BeforeAll
    static void createCa() {
        ca = TestCa.create(CaAlgorithm.EC);
    }

    static SubjectAttributes subjectFor(String profile) {
        SubjectAttributes s = SubjectAttributes.none();
        return switch (profile) {
            case Profiles.SIGNING_V2 -> s.with(SubjectAttribute.GIVEN_NAME, "Alice").with(SubjectAttribute.SURNAME, "Example")
                    .with(SubjectAttribute.LOCALITY, "Zürich").with(SubjectAttribute.COUNTRY, "CH");
            case Profiles.SIGNING_V3 -> s.with(SubjectAttribute.ORGANIZATION, "Example AG")
                    .with(SubjectAttribute.LOCALITY, "Bern").with(SubjectAttribute.COUNTRY, "CH");
            case Profiles.SIGNING_V4 -> s.with(SubjectAttribute.GIVEN_NAME, "Alice").with(SubjectAttribute.SURNAME, "Example")
                    .with(SubjectAttribute.TITLE, "Engineer").with(SubjectAttribute.ORGANIZATION, "Example AG")
                    .with(SubjectAttribute.COUNTRY, "CH");
            default -> s;
        };
    }

    static Stream<Arguments> cases() {
        List<String> profiles = List.of(Profiles.ENCRYPTION, Profiles.SIGNING_V1, Profiles.SIGNING_V2, Profiles.SIGNING_V3,
                Profiles.SIGNING_V4);
        Stream.Builder<Arguments> b = Stream.builder();
        for (String p : profiles) {
            b.add(Arguments.of(p, "RSA", List.of("alice@example.org")));
            b.add(Arguments.of(p, "EC", List.of("alice@example.org", "jörg@bücher.example")));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void opensslVerifiesForItsPurpose(String profile, String keyType, List<String> emails) throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        KeyPair kp = keyType.equals("RSA") ? TestKeys.RSA_2048 : TestKeys.EC_P256;
        IssuedCertificate cert = ca.authority().issue(IssuanceRequest.forKey(kp.getPublic(), profile)
                .withEmails(emails).withSubject(subjectFor(profile)));
        Path leaf = work.resolve("leaf.pem");
        Files.writeString(leaf, cert.pem());

        Tool.Result text = Tool.run("openssl", "x509", "-in", leaf.toString(), "-noout", "-text");
        assertThat(text.ok()).as(text.describe()).isTrue();
        assertThat(text.output()).contains("E-mail Protection", "alice@example.org");

        // OpenSSL's smimeencrypt purpose demands keyEncipherment, which an EC (key agreement) certificate
        // cannot have; EC encryption certificates are checked without a purpose.
        List<String> purposes = profile.equals(Profiles.ENCRYPTION)
                ? (keyType.equals("RSA") ? List.of("smimeencrypt") : List.of())
                : List.of("smimesign");
        for (String purpose : purposes) {
            verify(leaf, "-purpose", purpose);
        }
        verify(leaf);
        if (profile.equals(Profiles.ENCRYPTION)) {
            encryptAndDecrypt(leaf, kp);
        }
    }

    /** The certificate actually works for its purpose: openssl cms encrypts to it and decrypts with its key. */
    private void encryptAndDecrypt(Path leaf, KeyPair kp) throws Exception {
        Path key = work.resolve("key.pem");
        Files.writeString(key, org.sealpost.core.keys.EphemeralPki.pem(kp.getPrivate()));
        Path plain = work.resolve("plain.txt");
        Files.writeString(plain, "hello\n");
        Path enc = work.resolve("enc.p7m");
        Tool.Result e = Tool.run("openssl", "cms", "-encrypt", "-aes256", "-in", plain.toString(), "-out", enc.toString(),
                "-recip", leaf.toString());
        assertThat(e.ok()).as(e.describe()).isTrue();
        Tool.Result d = Tool.run("openssl", "cms", "-decrypt", "-in", enc.toString(), "-recip", leaf.toString(),
                "-inkey", key.toString());
        assertThat(d.ok()).as(d.describe()).isTrue();
        assertThat(d.output()).contains("hello");
    }

    @Test
    void tsaCertificateVerifiesForTimestampSigning() {
        SharedFixtures.requireTool("openssl", "version");
        Path tsa = ca.caDir().resolve("tsa.pem");
        Tool.Result r = Tool.run("openssl", "verify", "-CAfile", ca.caDir().resolve("root.pem").toString(),
                "-purpose", "timestampsign", tsa.toString());
        assertThat(r.ok()).as(r.describe()).isTrue();
        Tool.Result text = Tool.run("openssl", "x509", "-in", tsa.toString(), "-noout", "-text");
        assertThat(text.output()).contains("Time Stamping");
    }

    @Test
    void issuingCaVerifiesUnderRoot() {
        SharedFixtures.requireTool("openssl", "version");
        Tool.Result r = Tool.run("openssl", "verify", "-CAfile", ca.caDir().resolve("root.pem").toString(),
                ca.caDir().resolve("issuing.pem").toString());
        assertThat(r.ok()).as(r.describe()).isTrue();
    }

    private void verify(Path leaf, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "verify", "-CAfile",
                ca.caDir().resolve("root.pem").toString(), "-untrusted", ca.caDir().resolve("issuing.pem").toString()));
        cmd.addAll(List.of(extra));
        cmd.add(leaf.toString());
        Tool.Result r = Tool.run(cmd.toArray(String[]::new));
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.output()).contains("OK");
    }
}
