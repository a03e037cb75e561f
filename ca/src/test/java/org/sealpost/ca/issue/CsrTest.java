package org.sealpost.ca.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealpost.ca.CaException;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.core.keys.EphemeralPki;

/** CSRs: proof of possession, addresses from SAN and subject, clear refusals. */
class CsrTest {
    private static TestCa ca;

    @BeforeAll
    static void createCa() {
        ca = TestCa.create(CaAlgorithm.EC);
    }

    static PKCS10CertificationRequest csr(KeyPair kp, String subject, String... sanEmails) throws Exception {
        var b = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), kp.getPublic());
        if (sanEmails.length > 0) {
            ExtensionsGenerator g = new ExtensionsGenerator();
            g.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(sanEmails)
                    .map(e -> new GeneralName(GeneralName.rfc822Name, e)).toArray(GeneralName[]::new)));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, g.generate());
        }
        String alg = kp.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate()));
    }

    @Test
    void goodPemCsrIsIssuedWithItsAddresses() throws Exception {
        PKCS10CertificationRequest req = csr(TestKeys.EC_P256, "E=carol@example.org, CN=Carol", "alice@example.org");
        Csr parsed = Csr.parse(EphemeralPki.pem(req).getBytes(StandardCharsets.US_ASCII));
        assertThat(parsed.emails()).containsExactly("alice@example.org", "carol@example.org");

        IssuedCertificate c = ca.authority().issue(IssuanceRequest.fromCsr(parsed, Profiles.SIGNING_V1));
        List<Object> sans = c.certificate().getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList();
        assertThat(sans).containsExactly("alice@example.org", "carol@example.org");
        assertThat(c.certificate().getPublicKey()).isEqualTo(TestKeys.EC_P256.getPublic());
    }

    @Test
    void derCsrParsesAndEmailsCanBeOverriddenOrAugmented() throws Exception {
        Csr parsed = Csr.parse(csr(TestKeys.RSA_2048, "CN=x", "alice@example.org").getEncoded());
        IssuanceRequest r = IssuanceRequest.fromCsr(parsed, Profiles.SIGNING_V1);
        assertThat(r.withEmails(List.of("bob@example.org")).emails()).containsExactly("bob@example.org");
        assertThat(r.plusEmails(List.of("bob@example.org", "alice@example.org")).emails())
                .containsExactly("alice@example.org", "bob@example.org");
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        byte[] der = csr(TestKeys.EC_P256, "CN=x", "alice@example.org").getEncoded();
        der[der.length - 5] ^= 0x01; // inside the signature value
        assertThatThrownBy(() -> Csr.parse(der)).isInstanceOf(CaException.BadRequest.class)
                .hasMessageContaining("signature");
    }

    @Test
    void csrSignedByAnotherKeyIsRefused() throws Exception {
        PKCS10CertificationRequest other = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"),
                TestKeys.EC_P256.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(TestKeys.EC_P384.getPrivate()));
        assertThatThrownBy(() -> Csr.parse(other.getEncoded())).isInstanceOf(CaException.BadRequest.class)
                .hasMessageContaining("proof of possession");
    }

    @Test
    void malformedInputGetsAClearError() {
        assertThatThrownBy(() -> Csr.parse("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CaException.BadRequest.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Csr.parse(new byte[0])).isInstanceOf(CaException.BadRequest.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Csr.parse("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"
                .getBytes(StandardCharsets.US_ASCII))).isInstanceOf(CaException.BadRequest.class);
        assertThatThrownBy(() -> Csr.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .isInstanceOf(CaException.BadRequest.class).hasMessageContaining("malformed");
    }

    @Test
    void unsupportedKeyIsRefused() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), ed.getPublic())
                .build(new JcaContentSignerBuilder("Ed25519").build(ed.getPrivate()));
        assertThatThrownBy(() -> Csr.parse(req.getEncoded())).isInstanceOf(CaException.BadRequest.class)
                .hasMessageContaining("unsupported key");
    }
}
