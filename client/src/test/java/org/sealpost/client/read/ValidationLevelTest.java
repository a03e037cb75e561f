package org.sealpost.client.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ValidationLevelTest {
    @Test
    void thePolicyOfOurCertificateNamesTheLevelAndAnotherCasIsVp() throws Exception {
        assertThat(ValidationLevel.of(withPolicies("2.23.140.1.5.1.3"), true)).contains(ValidationLevel.V1);
        assertThat(ValidationLevel.of(withPolicies("2.23.140.1.5.4.3"), true)).contains(ValidationLevel.V2);
        assertThat(ValidationLevel.of(withPolicies("2.23.140.1.5.2.3"), true)).contains(ValidationLevel.V3);
        assertThat(ValidationLevel.of(withPolicies("2.23.140.1.5.3.3", "1.2.3.4"), true)).contains(ValidationLevel.V4);
        assertThat(ValidationLevel.of(withPolicies("1.2.3.4"), true)).isEmpty();
        assertThat(ValidationLevel.of(withPolicies(), true)).isEmpty();
        assertThat(ValidationLevel.of(withPolicies("2.23.140.1.5.1.3"), false)).contains(ValidationLevel.VP);
        assertThat(ValidationLevel.V4.words()).isEqualTo("person, title and organization validated");
        assertThat(ValidationLevel.VP.label()).isEqualTo("Vp");
    }

    private static X509Certificate withPolicies(String... oids) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair k = g.generateKeyPair();
        X500Name name = new X500Name("CN=test");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.TWO, Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(60)),
                name, k.getPublic());
        if (oids.length > 0) {
            PolicyInformation[] infos = new PolicyInformation[oids.length];
            for (int i = 0; i < oids.length; i++) {
                infos[i] = new PolicyInformation(new ASN1ObjectIdentifier(oids[i]));
            }
            b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(infos));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
    }
}
