package org.sealpost.kms;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * Wraps an address's private keys for one device: CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM,
 * one recipient, the device's transport public key, identified by its SubjectKeyIdentifier (the
 * SHA-1 of the key's bits, RFC 5280 method 1) because a transport key has no certificate.
 *
 * <p>RSA transport keys (2048 bits or more) get RSAES-OAEP with SHA-256 and MGF1-SHA-256
 * (KeyTransRecipientInfo); EC P-256 and P-384 keys get ephemeral-static ECDH with the X9.63 KDF over
 * SHA-256 and AES-256 key wrap (KeyAgreeRecipientInfo, RFC 5753).
 *
 * <p>The content is an RFC 5958 {@code AsymmetricKeyPackage}: a DER {@code SEQUENCE OF
 * OneAsymmetricKey} (PKCS#8 PrivateKeyInfo), one per key, newest first as given, each carrying its
 * key id as a PKCS#9 friendlyName attribute. The envelope's content type is {@code id-data}, not
 * RFC 5958's {@code id-ct-KP-aKeyPackage}: RFC 5083 then requires an authenticated content-type
 * attribute, which OpenSSL 3.0 cannot parse in AuthEnvelopedData and Bouncy Castle 1.87 fails to
 * verify in its own output (both found by the tests); the content is self-describing DER anyway.
 * PKCS#12 was not chosen: it adds a password-based MAC or an empty-password quirk, nests the keys in
 * SafeBags without adding anything here, and its JDK reader drops keys that have no certificate.
 * The GCM tag authenticates the whole content, so a tampered envelope fails instead of yielding
 * altered keys.
 *
 * <p>Immutable and thread-safe. Uses its own Bouncy Castle provider instance, never a registered one.
 */
public final class ReleasePackage {
    /** The smallest RSA transport key accepted. */
    public static final int MIN_RSA_BITS = 2048;

    private final Provider bc = new BouncyCastleProvider();
    private final SecureRandom random;

    /** Packages drawing content keys and ephemeral keys from {@code random}. */
    public ReleasePackage(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Wraps {@code keys} (at least one) to {@code transportKey}.
     *
     * @return the DER ContentInfo of the AuthEnvelopedData
     * @throws ReleaseException when the transport key is of an unsupported kind or size
     */
    public byte[] wrap(List<ReleasedKey> keys, PublicKey transportKey) {
        Objects.requireNonNull(transportKey, "transportKey");
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("nothing to release: no keys");
        }
        byte[] content = encodeContent(keys);
        try {
            CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(recipientFor(transportKey));
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(bc).setSecureRandom(random).build();
            CMSAuthEnvelopedData envelope = generator.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.data, content), encryptor);
            return envelope.getEncoded();
        } catch (CMSException | GeneralSecurityException | IOException e) {
            throw new ReleaseException("cannot wrap the keys to the transport key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * Opens an envelope made by {@link #wrap} with the device's transport private key alone, trying
     * each recipient of the key's kind (there is one). Prefer {@link #open(byte[], PrivateKey, PublicKey)}
     * when the public half is at hand: it tells "not for this key" apart from "damaged".
     *
     * @throws ReleaseException when the envelope is not for this key, is damaged or was tampered with
     */
    public List<ReleasedKey> open(byte[] envelope, PrivateKey transportKey) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(transportKey, "transportKey");
        boolean rsa = transportKey.getAlgorithm().equals("RSA");
        CMSAuthEnvelopedData data;
        try {
            data = new CMSAuthEnvelopedData(envelope);
        } catch (CMSException | RuntimeException e) {
            throw new ReleaseException("cannot open the release package: it is not a CMS AuthEnvelopedData (" + e.getClass().getSimpleName() + ")");
        }
        for (RecipientInformation recipient : data.getRecipientInfos().getRecipients()) {
            boolean keyTrans = recipient.getRID() instanceof KeyTransRecipientId;
            if (keyTrans == rsa) {
                return decrypt(recipient, transportKey);
            }
        }
        throw new ReleaseException("the envelope is not addressed to this transport key");
    }

    /**
     * Opens an envelope made by {@link #wrap} with the device's transport private key.
     *
     * @param transportPublicKey the transport key's public half, which names the recipient
     * @throws ReleaseException when the envelope is not for this key, is damaged or was tampered with
     */
    public List<ReleasedKey> open(byte[] envelope, PrivateKey transportKey, PublicKey transportPublicKey) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(transportKey, "transportKey");
        try {
            CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(envelope);
            ASN1ObjectIdentifier type = org.bouncycastle.asn1.cms.AuthEnvelopedData.getInstance(data.toASN1Structure().getContent())
                    .getAuthEncryptedContentInfo().getContentType();
            if (!CMSObjectIdentifiers.data.equals(type)) {
                throw new ReleaseException("the envelope does not hold a key package (content type " + type + ")");
            }
            byte[] skid = subjectKeyId(transportPublicKey);
            RecipientId id = transportKey.getAlgorithm().equals("RSA") ? new KeyTransRecipientId(skid) : new KeyAgreeRecipientId(skid);
            RecipientInformation recipient = data.getRecipientInfos().get(id);
            if (recipient == null) {
                throw new ReleaseException("the envelope is not addressed to this transport key");
            }
            return decrypt(recipient, transportKey);
        } catch (CMSException | RuntimeException e) {
            if (e instanceof ReleaseException re) {
                throw re;
            }
            throw new ReleaseException("cannot open the release package: it is damaged or tampered with (" + e.getClass().getSimpleName() + ")");
        }
    }

    private List<ReleasedKey> decrypt(RecipientInformation recipient, PrivateKey transportKey) {
        byte[] content = null;
        try {
            Recipient opener = transportKey.getAlgorithm().equals("RSA")
                    ? new JceKeyTransEnvelopedRecipient(transportKey).setProvider(bc)
                    : new JceKeyAgreeEnvelopedRecipient(transportKey).setProvider(bc);
            content = recipient.getContent(opener);
            return decodeContent(content);
        } catch (CMSException | RuntimeException e) {
            if (e instanceof ReleaseException re) {
                throw re;
            }
            // The cause stays out: its text could describe decrypted bytes.
            throw new ReleaseException("cannot open the release package: it is damaged, tampered with, or not for this transport key ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            if (content != null) {
                Arrays.fill(content, (byte) 0);
            }
        }
    }

    private static byte[] subjectKeyId(PublicKey key) {
        // The same identifier core's SmimeDecryptor and Recipient use for bare keys.
        return SubjectKeyIds.of(Objects.requireNonNull(key, "transportPublicKey"));
    }

    /**
     * Checks that keys can be wrapped to {@code transportKey} (RSA of at least {@value #MIN_RSA_BITS}
     * bits, EC on P-256 or P-384), so that a caller can refuse an unsuitable key before any work.
     *
     * @throws ReleaseException naming what is wrong with the key
     */
    public static void requireUsable(PublicKey transportKey) {
        Objects.requireNonNull(transportKey, "transportKey");
        if (transportKey instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new ReleaseException("the RSA transport key has " + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are required");
            }
        } else if (transportKey instanceof ECPublicKey ec) {
            curveName(ec);
        } else {
            throw new ReleaseException("unsupported transport key " + transportKey.getAlgorithm() + ": use RSA (2048 bits or more), EC P-256 or EC P-384");
        }
    }

    private org.bouncycastle.cms.RecipientInfoGenerator recipientFor(PublicKey transportKey) throws GeneralSecurityException, CMSException {
        requireUsable(transportKey);
        byte[] skid = subjectKeyId(transportKey);
        if (transportKey instanceof RSAPublicKey) {
            AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return new JceKeyTransRecipientInfoGenerator(skid, oaep, transportKey).setProvider(bc);
        }
        if (transportKey instanceof ECPublicKey ec) {
            String curve = curveName(ec);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), random);
            KeyPair ephemeral = generator.generateKeyPair();
            try {
                return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(), ephemeral.getPublic(),
                        CMSAlgorithm.AES256_WRAP).setProvider(bc).setSecureRandom(random).addRecipient(skid, transportKey);
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new ReleaseException("cannot add the EC transport key as recipient: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("requireUsable let an unsupported key through: " + transportKey.getAlgorithm());
    }

    private static String curveName(ECPublicKey key) {
        // The JDK encodes keys on named curves with the curve's OID as the algorithm parameters.
        ASN1Encodable parameters = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
        if (SECObjectIdentifiers.secp256r1.equals(parameters)) {
            return "secp256r1";
        }
        if (SECObjectIdentifiers.secp384r1.equals(parameters)) {
            return "secp384r1";
        }
        throw new ReleaseException("the EC transport key is not on P-256 or P-384 (parameters " + parameters + ")");
    }

    private static byte[] encodeContent(List<ReleasedKey> keys) {
        ASN1EncodableVector all = new ASN1EncodableVector();
        for (ReleasedKey released : keys) {
            byte[] pkcs8 = released.key().getEncoded();
            if (pkcs8 == null) {
                throw new IllegalArgumentException("key " + released.keyId() + " cannot be exported as PKCS#8");
            }
            try {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
                ASN1Set attributes = new DERSet(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
                        new DERSet(new DERBMPString(released.keyId()))));
                PrivateKeyInfo withId = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), attributes);
                all.add(withId);
            } catch (IOException e) {
                throw new IllegalArgumentException("key " + released.keyId() + " has an unreadable PKCS#8 encoding", e);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
        try {
            return new DERSequence(all).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the key package", e);
        }
    }

    private static List<ReleasedKey> decodeContent(byte[] content) {
        List<ReleasedKey> keys = new ArrayList<>();
        for (ASN1Encodable element : ASN1Sequence.getInstance(content)) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(element);
            String keyId = friendlyName(info);
            String algorithm = PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm()) ? "RSA" : "EC";
            try {
                PrivateKeyInfo bare = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
                byte[] der = bare.getEncoded();
                try {
                    keys.add(new ReleasedKey(keyId, KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der))));
                } finally {
                    Arrays.fill(der, (byte) 0);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new ReleaseException("the key package holds an unreadable key");
            }
        }
        return List.copyOf(keys);
    }

    private static String friendlyName(PrivateKeyInfo info) {
        ASN1Set attributes = info.getAttributes();
        if (attributes != null) {
            for (ASN1Encodable a : attributes) {
                Attribute attribute = Attribute.getInstance(a);
                if (PKCSObjectIdentifiers.pkcs_9_at_friendlyName.equals(attribute.getAttrType())) {
                    return DERBMPString.getInstance(attribute.getAttrValues().getObjectAt(0)).getString();
                }
            }
        }
        throw new ReleaseException("a key in the package has no key id");
    }

    /** The SubjectKeyIdentifier a transport key is named by in the envelope (for clients and logs). */
    public static byte[] transportKeyId(PublicKey transportKey) {
        return subjectKeyId(transportKey);
    }
}
