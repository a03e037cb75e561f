package org.sealpost.client.keys;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.KeyPairs;

/**
 * Fetches the address's encryption key history from the key service: a fresh EC P-256 transport key
 * pair for this release only, the release envelope opened with it (CMS AuthEnvelopedData holding an
 * RFC 5958 AsymmetricKeyPackage, docs/KMS.md), and every encryption certificate the CA issued for the
 * address, matched to its key by public key, so that mail encrypted to any of them can be opened.
 */
public final class KeySync {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final SecureRandom random;

    public KeySync(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The address's keys, newest first, each with its certificates.
     *
     * @param password the key-protection password when the address has one
     * @throws ServiceException when the service refuses or cannot be reached (e.g. {@code password_required})
     * @throws KeySyncException when the envelope cannot be opened or holds no key
     */
    public List<StoreData.EncryptionKey> fetch(SealpostService device, Optional<char[]> password) throws ServiceException, KeySyncException {
        KeyPair transport = P256.generate(random);
        byte[] envelope = device.releaseKeys(transport.getPublic(), password);
        List<Released> released = open(envelope, transport.getPrivate());
        List<X509Certificate> certificates = device.encryptionCertificates();
        List<StoreData.EncryptionKey> keys = new ArrayList<>();
        for (Released r : released) {
            List<X509Certificate> mine = certificates.stream().filter(c -> KeyPairs.matches(r.key(), c.getPublicKey())).toList();
            keys.add(new StoreData.EncryptionKey(r.keyId(), r.key(), mine));
        }
        return keys;
    }

    private record Released(String keyId, PrivateKey key) {
    }

    private static List<Released> open(byte[] envelope, PrivateKey transport) throws KeySyncException {
        byte[] content;
        try {
            CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(envelope);
            List<RecipientInformation> recipients = new ArrayList<>(data.getRecipientInfos().getRecipients());
            if (recipients.size() != 1) {
                throw new KeySyncException("the released keys are not wrapped to this device's transport key alone");
            }
            content = recipients.getFirst().getContent(new JceKeyAgreeAuthEnvelopedRecipient(transport).setProvider(BC));
        } catch (CMSException | RuntimeException e) {
            throw new KeySyncException("the released keys cannot be opened with this device's transport key (damaged or not for us)");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
        List<Released> keys = new ArrayList<>();
        try {
            for (ASN1Encodable element : ASN1Sequence.getInstance(content)) {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(element);
                keys.add(new Released(friendlyName(info).orElse("key-" + (keys.size() + 1)), converter.getPrivateKey(info)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new KeySyncException("the released key package cannot be read");
        }
        if (keys.isEmpty()) {
            throw new KeySyncException("the key service released no key");
        }
        return keys;
    }

    private static Optional<String> friendlyName(PrivateKeyInfo info) {
        if (info.getAttributes() == null) {
            return Optional.empty();
        }
        for (ASN1Encodable attribute : info.getAttributes()) {
            Attribute a = Attribute.getInstance(attribute);
            if (a.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_friendlyName)) {
                return Optional.of(DERBMPString.getInstance(a.getAttrValues().getObjectAt(0)).getString());
            }
        }
        return Optional.empty();
    }
}
