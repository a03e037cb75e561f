package org.sealpost.ca.revocation;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway root, issuing CA (P-384) and leaf for revocation tests. EC keys: fast. */
final class TestHierarchy {
    final KeyPair rootKey = ec("secp256r1");
    final X509Certificate root;
    final KeyPair issuingKey = ec("secp384r1");
    final X509Certificate issuing;
    final X509Certificate leaf;
    final BigInteger leafSerial = new BigInteger("4f2a9c1e77", 16);

    TestHierarchy(String name) {
        try {
            X500Name rootDn = new X500Name("CN=" + name + " Root");
            X500Name caDn = new X500Name("CN=" + name + " Issuing CA");
            root = cert(rootDn, rootDn, BigInteger.ONE, rootKey.getPublic(), rootKey.getPrivate(), null, true);
            issuing = cert(rootDn, caDn, BigInteger.TWO, issuingKey.getPublic(), rootKey.getPrivate(), root, true);
            KeyPair leafKey = ec("secp256r1");
            leaf = cert(caDn, new X500Name("CN=alice@example.org"), leafSerial, leafKey.getPublic(),
                    issuingKey.getPrivate(), issuing, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    RevocationSigner signer() {
        return new RevocationSigner(issuing, issuingKey.getPrivate());
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate cert(X500Name issuer, X500Name subject, BigInteger serial, PublicKey key,
                                        PrivateKey signingKey, X509Certificate issuerCert, boolean ca) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(365))),
                subject, key);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        if (issuerCert != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
        }
        String alg = RevocationSigner.signatureAlgorithm(issuerCert != null ? issuerCert.getPublicKey() : key);
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signingKey)));
    }
}
