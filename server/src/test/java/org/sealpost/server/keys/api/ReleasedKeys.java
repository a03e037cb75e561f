package org.sealpost.server.keys.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.sealpost.kms.KeyRecord;

/**
 * Opens a release envelope the way a client would, with Bouncy Castle directly (not the service's
 * own {@code ReleasePackage}), and checks each key against the key service's records.
 */
final class ReleasedKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private ReleasedKeys() {
    }

    /** A private key from the envelope with the key id it carries. */
    record Opened(String keyId, PrivateKey key) {
    }

    static List<Opened> open(byte[] envelope, PrivateKey transportPrivate) throws Exception {
        CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(envelope);
        List<RecipientInformation> recipients = new ArrayList<>(data.getRecipientInfos().getRecipients());
        assertThat(recipients).as("one recipient: the transport key").hasSize(1);
        Recipient recipient = transportPrivate.getAlgorithm().equals("RSA")
                ? new JceKeyTransAuthEnvelopedRecipient(transportPrivate).setProvider(BC)
                : new JceKeyAgreeAuthEnvelopedRecipient(transportPrivate).setProvider(BC);
        byte[] content = recipients.getFirst().getContent(recipient);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
        List<Opened> keys = new ArrayList<>();
        for (var element : ASN1Sequence.getInstance(content)) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(element);
            String keyId = null;
            for (var attribute : info.getAttributes()) {
                var a = org.bouncycastle.asn1.pkcs.Attribute.getInstance(attribute);
                if (a.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_friendlyName)) {
                    keyId = DERBMPString.getInstance(a.getAttrValues().getObjectAt(0)).getString();
                }
            }
            keys.add(new Opened(keyId, converter.getPrivateKey(info)));
        }
        return keys;
    }

    /** The envelope holds exactly {@code expected}'s keys, in that order, each matching its stored public key. */
    static void assertHolds(byte[] envelope, PrivateKey transportPrivate, List<KeyRecord> expected) throws Exception {
        List<Opened> opened = open(envelope, transportPrivate);
        assertThat(opened).extracting(Opened::keyId).containsExactlyElementsOf(expected.stream().map(KeyRecord::keyId).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(belongsTo(opened.get(i).key(), expected.get(i)))
                    .as("released key %s belongs to its stored public key", expected.get(i).keyId()).isTrue();
        }
    }

    private static boolean belongsTo(PrivateKey key, KeyRecord record) throws Exception {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] challenge = ("challenge for " + record.keyId()).getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm, BC);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(record.decodePublicKey());
        verifier.update(challenge);
        return verifier.verify(signature);
    }
}
