package org.sealpost.client.read;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.smime.decrypt.KeyHistory;

/**
 * The decryption side of the address's key history: each key with each of its certificates, newest
 * first. A key that has no certificate (a provisional key, claimed before one was issued) gets a
 * placeholder: a self-signed certificate over its own public key, made in memory for this run and
 * never stored or shown. Mail to such a key names it by SubjectKeyIdentifier, which the placeholder
 * carries, so the core engine finds it like any other.
 */
public final class DecryptionKeys {
    private DecryptionKeys() {
    }

    /** The history as the core engine takes it. */
    public static KeyHistory of(List<StoreData.EncryptionKey> keys) {
        List<Identity> identities = new ArrayList<>();
        for (StoreData.EncryptionKey key : keys) {
            if (key.certificates().isEmpty()) {
                identities.add(new Identity(key.privateKey(), List.of(placeholder(key.privateKey(), key.keyId()))));
                continue;
            }
            for (X509Certificate cert : key.certificates()) {
                identities.add(new Identity(key.privateKey(), List.of(cert)));
            }
        }
        return new KeyHistory(identities);
    }

    /** A self-signed certificate for the key, with its RFC 5280 method-1 SubjectKeyIdentifier. */
    static X509Certificate placeholder(PrivateKey key, String keyId) {
        try {
            PublicKey publicKey = publicKey(key);
            X500Name name = new X500Name("CN=Sealpost provisional key " + keyId.replaceAll("[^A-Za-z0-9._-]", "_"));
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, publicKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
            String algorithm = key instanceof ECPrivateKey ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().setProvider(CryptoProviders.bouncyCastle())
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bouncyCastle()).build(key)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            // The key came out of our own store: only a broken provider or a key type we never make gets here.
            throw new IllegalStateException("cannot stand in a certificate for the provisional key " + keyId, e);
        }
    }

    /** The public half of an RSA (CRT) or EC private key. */
    static PublicKey publicKey(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey ec) {
            ECPoint q = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
            java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        }
        throw new GeneralSecurityException("a " + key.getAlgorithm() + " key has no public half we can derive");
    }
}
