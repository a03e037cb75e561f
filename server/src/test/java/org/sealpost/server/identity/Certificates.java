package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** Reads what an issued certificate says, for assertions. */
final class Certificates {
    private Certificates() {
    }

    static X509Certificate parse(byte[] derOrPem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(derOrPem));
    }

    static X509Certificate parsePem(String pem) throws Exception {
        return parse(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** Subject attributes by short name (CN, GIVENNAME, SURNAME, T, O, L, ST, C, E...). */
    static Map<String, String> subject(X509Certificate cert) throws Exception {
        X500Name name = new JcaX509CertificateHolder(cert).getSubject();
        Map<String, String> m = new TreeMap<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = tv.getType();
                String label = BCStyle.INSTANCE.oidToDisplayName(type);
                m.put(label == null ? type.getId() : label.toUpperCase(java.util.Locale.ROOT), tv.getValue().toString());
            }
        }
        return m;
    }

    static void assertPolicy(X509Certificate cert, String oid) throws Exception {
        Extension ext = new JcaX509CertificateHolder(cert).getExtension(Extension.certificatePolicies);
        assertThat(ext).isNotNull();
        assertThat(CertificatePolicies.getInstance(ext.getParsedValue()).getPolicyInformation())
                .extracting(PolicyInformation::getPolicyIdentifier).extracting(ASN1ObjectIdentifier::getId).contains(oid);
    }
}
