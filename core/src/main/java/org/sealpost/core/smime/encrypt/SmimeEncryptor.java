package org.sealpost.core.smime.encrypt;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.SmimeException;
import org.sealpost.core.UnsupportedRequestException;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.MimeOutput;

/**
 * Encrypts RFC 5322 messages as S/MIME (RFC 8551) EnvelopedData or AuthEnvelopedData to any
 * number of recipients: RSA (OAEP or PKCS#1 v1.5) key transport and ECDH (P-256, P-384) key
 * agreement. The envelope fields (From, To, Subject, Date, ...) stay outside; the Content-*
 * fields and body are encrypted. Streams: the message is read once and never held in memory.
 */
public final class SmimeEncryptor {
    private final SecureRandom random;

    public SmimeEncryptor(SecureRandom random) {
        this.random = random;
    }

    public SmimeEncryptor() {
        this(new SecureRandom());
    }

    /** Reads the message from {@code input} and writes the encrypted message to {@code out}. */
    public void encrypt(MessageSource input, OutputStream out, EncryptOptions options) throws SmimeException, IOException {
        Entity message = Entity.parse(input);
        message.contentType();
        ContentCipher cipher = options.effectiveCipher();
        Set<Recipient> recipients = new LinkedHashSet<>(options.recipients());

        message.writeEnvelopeFields(out);
        MimeOutput.line(out, "MIME-Version: 1.0");
        String smimeType = cipher == ContentCipher.AES256_GCM ? "authEnveloped-data" : "enveloped-data";
        MimeOutput.line(out, "Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m");
        MimeOutput.line(out, "Content-Transfer-Encoding: base64");
        MimeOutput.line(out, "Content-Disposition: attachment; filename=smime.p7m");
        MimeOutput.line(out, "Content-Description: S/MIME Encrypted Message");
        out.write(MimeOutput.CRLF);
        try (OutputStream b64 = MimeOutput.base64Body(out)) {
            OutputStream plaintext = open(b64, cipher, recipients, options);
            message.writeInnerEntity(plaintext);
            plaintext.close();
        }
        out.flush();
    }

    private OutputStream open(OutputStream out, ContentCipher cipher, Set<Recipient> recipients, EncryptOptions options)
            throws SmimeException, IOException {
        try {
            if (cipher == ContentCipher.AES256_GCM) {
                CMSAuthEnvelopedDataStreamGenerator gen = new CMSAuthEnvelopedDataStreamGenerator();
                for (Recipient r : recipients) {
                    gen.addRecipientInfoGenerator(recipientInfo(r, options));
                }
                OutputAEADEncryptor encryptor = (OutputAEADEncryptor) contentEncryptor(cipher);
                return gen.open(out, encryptor);
            }
            CMSEnvelopedDataStreamGenerator gen = new CMSEnvelopedDataStreamGenerator();
            for (Recipient r : recipients) {
                gen.addRecipientInfoGenerator(recipientInfo(r, options));
            }
            return gen.open(out, contentEncryptor(cipher));
        } catch (CMSException e) {
            throw new UnsupportedRequestException("cannot set up encryption: " + e.getMessage(), e);
        }
    }

    private OutputEncryptor contentEncryptor(ContentCipher cipher) throws CMSException {
        // Bulk AES runs in the JDK's SunJCE, which uses AES-NI and is many times faster than
        // Bouncy Castle's pure-Java AES; Bouncy Castle builds the CMS structures around it.
        if (cipher == ContentCipher.AES256_GCM) {
            try {
                return new JdkGcmEncryptor(random);
            } catch (GeneralSecurityException e) {
                throw new CMSException("AES-GCM is not available: " + e.getMessage(), e);
            }
        }
        return new JceCMSContentEncryptorBuilder(cipher.oid()).setProvider(CryptoProviders.sunJce()).setSecureRandom(random).build();
    }

    private RecipientInfoGenerator recipientInfo(Recipient recipient, EncryptOptions options) throws SmimeException {
        try {
            if (recipient.publicKey() instanceof RSAPublicKey) {
                // RFC 3370 section 4.2.1: rsaEncryption parameters MUST be present and NULL. gpgsm's
                // parser (libksba) cannot read the message at all when they are absent in a
                // recipient identified by SubjectKeyIdentifier.
                AlgorithmIdentifier wrap = options.effectiveKeyTransport(recipient) == KeyTransport.OAEP
                        ? oaepSha256() : new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
                JceKeyTransRecipientInfoGenerator gen = switch (recipient) {
                    case Recipient.ByCertificate c -> new JceKeyTransRecipientInfoGenerator(c.certificate(), wrap);
                    case Recipient.ByPublicKey k -> new JceKeyTransRecipientInfoGenerator(k.subjectKeyId(), wrap, k.publicKey());
                };
                return gen.setProvider(CryptoProviders.bouncyCastle());
            }
            if (recipient.publicKey() instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                ASN1ObjectIdentifier kdf = bits > 256 ? CMSAlgorithm.ECDH_SHA384KDF : CMSAlgorithm.ECDH_SHA256KDF;
                KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
                kpg.initialize(ec.getParams(), random);
                var ephemeral = kpg.generateKeyPair();
                JceKeyAgreeRecipientInfoGenerator gen = new JceKeyAgreeRecipientInfoGenerator(kdf,
                        ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP);
                switch (recipient) {
                    case Recipient.ByCertificate c -> gen.addRecipient(c.certificate());
                    case Recipient.ByPublicKey k -> gen.addRecipient(k.subjectKeyId(), k.publicKey());
                }
                return gen.setProvider(CryptoProviders.bouncyCastle()).setSecureRandom(random);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UnsupportedRequestException("cannot encrypt to " + recipient.describe() + ": " + e.getMessage(), e);
        }
        throw new UnsupportedRequestException("cannot encrypt to " + recipient.describe() + ": "
                + recipient.publicKey().getAlgorithm() + " keys are not supported (RSA or EC P-256/P-384 are)");
    }

    private static AlgorithmIdentifier oaepSha256() throws GeneralSecurityException {
        return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    }

}
