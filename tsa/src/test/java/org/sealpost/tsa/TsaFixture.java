package org.sealpost.tsa;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway root (P-256) and TSA certificate (critical EKU timeStamping) for TSA tests. */
final class TsaFixture {
    final KeyPair rootKey = ec("secp256r1");
    final X509Certificate root;
    final KeyPair tsaKey;
    final X509Certificate tsa;

    TsaFixture(String curve) {
        try {
            X500Name dn = new X500Name("CN=TSA Test Root");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(dn, BigInteger.ONE, from(), to(), dn, rootKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(rootKey.getPublic()));
            root = sign(b, rootKey.getPrivate(), "SHA256withECDSA");
            tsaKey = ec(curve);
            tsa = issueTsa(root, rootKey.getPrivate(), "SHA256withECDSA", tsaKey, "CN=Sealpost Test TSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    TimeStampAuthority authority(Clock clock) {
        return new TimeStampAuthority(new TsaSigner(tsa, tsaKey.getPrivate(), null, List.of(tsa)),
                TsaPolicy.defaults(), clock, new SecureRandom());
    }

    TimeStampAuthority authority(Clock clock, java.util.function.Supplier<java.util.Optional<String>> stop) {
        return new TimeStampAuthority(new TsaSigner(tsa, tsaKey.getPrivate(), null, List.of(tsa)),
                TsaPolicy.defaults(), clock, new SecureRandom(), stop);
    }

    static X509Certificate issueTsa(X509Certificate issuer, PrivateKey issuerKey, String alg, KeyPair key, String dn)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                from(), to(), new X500Name(dn), key.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
        return sign(b, issuerKey, alg);
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

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date to() {
        return Date.from(Instant.now().plus(Duration.ofDays(365)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, String alg) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(key)));
    }
}
