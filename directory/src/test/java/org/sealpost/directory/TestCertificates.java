package org.sealpost.directory;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import java.security.cert.X509CRL;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * An in-test CA (Bouncy Castle) that can also make what a real CA must not: SHA-1 signatures, weak
 * keys, missing usages. A root and an intermediate, so paths have a middle.
 */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    final KeyPair rootKey = rsa(2048);
    final X509Certificate root;
    final KeyPair intermediateKey = rsa(2048);
    final X509Certificate intermediate;

    TestCertificates(String name) {
        X500Name rootName = new X500Name("CN=" + name + " Root");
        root = sign(ca(rootName, rootName, rootKey), rootKey, "SHA256withRSA");
        intermediate = sign(ca(rootName, new X500Name("CN=" + name + " Mail CA"), intermediateKey), rootKey, "SHA256withRSA");
    }

    /** What a leaf gets; the defaults make a good RSA encryption certificate. */
    record Leaf(String email, KeyPair key, String signatureAlgorithm, int keyUsage, KeyPurposeId eku, Instant notBefore,
                Instant notAfter) {
        static Leaf of(String email) {
            return new Leaf(email, rsa(2048), "SHA256withRSA", KeyUsage.keyEncipherment, KeyPurposeId.id_kp_emailProtection,
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        }

        Leaf key(KeyPair k, int usage) {
            return new Leaf(email, k, signatureAlgorithm, usage, eku, notBefore, notAfter);
        }

        Leaf signedWith(String algorithm) {
            return new Leaf(email, key, algorithm, keyUsage, eku, notBefore, notAfter);
        }

        Leaf usage(int usage, KeyPurposeId purpose) {
            return new Leaf(email, key, signatureAlgorithm, usage, purpose, notBefore, notAfter);
        }

        Leaf validity(Instant from, Instant to) {
            return new Leaf(email, key, signatureAlgorithm, keyUsage, eku, from, to);
        }
    }

    /** A leaf signed by the intermediate. */
    X509Certificate leaf(Leaf spec) {
        return leaf(spec, null);
    }

    /** A leaf signed by the intermediate, naming {@code crlUrl} as its CRL distribution point (when not null). */
    X509Certificate leaf(Leaf spec, String crlUrl) {
        return leaf(spec, crlUrl, null);
    }

    /**
     * A leaf signed by the intermediate, naming {@code crlUrl} as its CRL distribution point and
     * {@code ocspUrl} as its OCSP responder (each when not null).
     */
    X509Certificate leaf(Leaf spec, String crlUrl, String ocspUrl) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(intermediate, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(spec.notBefore()), Date.from(spec.notAfter()),
                    new X500Name("CN=" + (spec.email() == null ? "nobody" : spec.email())), spec.key().getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(spec.keyUsage()));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(spec.eku()));
            if (spec.email() != null) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, spec.email())));
            }
            if (crlUrl != null) {
                b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl))), null, null)}));
            }
            if (ocspUrl != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
            }
            return sign(b, intermediateKey, spec.signatureAlgorithm());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A delegated OCSP responder certificate for {@code key}, signed by {@code signer} as the
     * intermediate (its name as issuer), with {@code eku} as its only extended key usage.
     */
    X509Certificate responder(KeyPair key, KeyPair signer, KeyPurposeId eku) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(intermediate, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    new X500Name("CN=OCSP responder " + SERIAL.get()), key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            return sign(b, signer, "SHA256withRSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of the intermediate, signed by {@code signer}, listing {@code revoked}. */
    X509CRL crl(KeyPair signer, BigInteger... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(intermediate.getSubjectX500Principal().getName()),
                    Date.from(Instant.now().minus(Duration.ofHours(1))));
            b.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(7))));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(Instant.now().minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(b.build(
                    new JcaContentSignerBuilder("SHA256withRSA").setProvider(CryptoProviders.bouncyCastle()).build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder ca(X500Name issuer, X500Name subject, KeyPair key) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(Instant.now().minus(Duration.ofDays(10))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                    subject, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return b;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer, String algorithm) {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bouncyCastle()).build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
