package org.sealpost.core.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI held in memory: a root CA and S/MIME end-entity certificates, for the demo and
 * for tests. Never for production: keys live only in this object and are cached per name because
 * RSA key generation is slow (about 0.1 s per key).
 */
public final class EphemeralPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ConcurrentHashMap<String, KeyPair> keys = new ConcurrentHashMap<>();

    private final KeyPair rootKey;
    private final X509Certificate root;

    /** Builder options for an end-entity certificate. */
    public record Spec(String email, String keyType, boolean sign, boolean encrypt, boolean emailEku,
                       Instant notBefore, Instant notAfter) {
        public static Spec rsa(String email) {
            return new Spec(email, "RSA", true, true, true, Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(365)));
        }

        public static Spec ec(String email, String curve) {
            return new Spec(email, curve, true, true, true, Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(365)));
        }

        public Spec usage(boolean s, boolean e) {
            return new Spec(email, keyType, s, e, emailEku, notBefore, notAfter);
        }

        public Spec withoutEmailEku() {
            return new Spec(email, keyType, sign, encrypt, false, notBefore, notAfter);
        }

        public Spec validity(Instant from, Instant to) {
            return new Spec(email, keyType, sign, encrypt, emailEku, from, to);
        }
    }

    public EphemeralPki(String name) {
        try {
            rootKey = key(name + "-root", "RSA");
            X500Name dn = new X500Name("CN=" + name + " Root, O=Sealpost Ephemeral PKI");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(dn, serial(),
                    Date.from(Instant.now().minus(Duration.ofDays(3650))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                    dn, rootKey.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
            root = sign(b, rootKey.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public PrivateKey rootKey() {
        return rootKey.getPrivate();
    }

    /**
     * A new end-entity certificate (new serial on every call) for a key cached by email and key
     * type: call once and keep the identity where one certificate per person is wanted.
     */
    public Identity issue(Spec spec) {
        try {
            KeyPair kp = key(spec.email() + "/" + spec.keyType(), spec.keyType());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root, serial(), Date.from(spec.notBefore()),
                    Date.from(spec.notAfter()), new X500Name("CN=" + spec.email()), kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            int usage = 0;
            if (spec.sign()) {
                usage |= KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            }
            if (spec.encrypt()) {
                usage |= spec.keyType().equals("RSA") ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
            }
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    spec.emailEku() ? KeyPurposeId.id_kp_emailProtection : KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.rfc822Name, spec.email())));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Identity(kp.getPrivate(), List.of(sign(b, rootKey.getPrivate()), root));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Identity rsa(String email) {
        return issue(Spec.rsa(email));
    }

    public Identity ec(String email, String curve) {
        return issue(Spec.ec(email, curve));
    }

    /** Writes PREFIX-key.pem (PKCS#8), PREFIX-cert.pem (the leaf) and PREFIX-chain.pem (leaf, then root) into a directory. */
    public static void writePem(Identity id, Path dir, String prefix) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(prefix + "-key.pem"), pem(id.privateKey()));
            Files.writeString(dir.resolve(prefix + "-cert.pem"), pem(id.certificate()));
            Files.writeString(dir.resolve(prefix + "-chain.pem"), pem(id.chain().toArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM text of keys and certificates. */
    public static String pem(Object... objects) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                // PKCS#8 for keys: OpenSSL cannot read an EC key written without its curve.
                w.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private KeyPair key(String cacheKey, String type) {
        return keys.computeIfAbsent(cacheKey, k -> {
            try {
                if (type.equals("RSA")) {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048, RANDOM);
                    return g.generateKeyPair();
                }
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(type), RANDOM);
                return g.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }
}
