package org.sealpost.core.smime.decrypt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipient;
import org.bouncycastle.operator.InputAEADDecryptor;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.smime.cms.AadStream;

/**
 * Opens an RSA-keyed AES-GCM AuthEnvelopedData with the JDK's ciphers (AES-NI and CLMUL) instead of
 * Bouncy Castle's pure-Java GCM. Bounded messages (below {@link EnvelopeOpener#IN_MEMORY_GCM_LIMIT})
 * are authenticated whole before any plaintext is released; larger ones stream through
 * {@link StreamingGcm} and are authenticated when the stream ends.
 */
final class JdkGcmRecipient extends JceKeyTransRecipient {
    private static final int MAX_TAG_BYTES = 16;
    private static final int MIN_TAG_BYTES = 12;

    private final boolean inMemory;

    /**
     * @param inMemory authenticate the whole ciphertext before releasing plaintext (bounded
     *                 messages); otherwise stream, and authenticate at the end of the stream
     */
    JdkGcmRecipient(PrivateKey key, boolean inMemory) {
        super(key);
        this.inMemory = inMemory;
        setProvider(CryptoProviders.bouncyCastle());
    }

    @Override
    public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryptionAlgorithm,
                                                  AlgorithmIdentifier contentEncryptionAlgorithm,
                                                  byte[] encryptedContentKey) throws CMSException {
        var oid = contentEncryptionAlgorithm.getAlgorithm();
        if (!oid.equals(CMSAlgorithm.AES256_GCM) && !oid.equals(CMSAlgorithm.AES128_GCM) && !oid.equals(CMSAlgorithm.AES192_GCM)) {
            throw new CMSException("not an AES-GCM content: " + oid);
        }
        Key key = extractSecretKey(keyEncryptionAlgorithm, contentEncryptionAlgorithm, encryptedContentKey);
        GCMParameters params = GCMParameters.getInstance(contentEncryptionAlgorithm.getParameters());
        int tagBytes = params.getIcvLen();
        if (tagBytes < MIN_TAG_BYTES || tagBytes > MAX_TAG_BYTES) {
            throw new CMSException("AES-GCM tag length " + tagBytes + " is not accepted");
        }
        SecretKeySpec aesKey = new SecretKeySpec(key.getEncoded(), "AES");
        if (!inMemory) {
            return streaming(aesKey, params, contentEncryptionAlgorithm);
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding", CryptoProviders.sunJce());
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(tagBytes * 8, params.getNonce()));
        } catch (GeneralSecurityException e) {
            throw new CMSException("cannot set up AES-GCM: " + e.getMessage(), e);
        }
        return new RecipientOperator(new InputAEADDecryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return contentEncryptionAlgorithm;
            }

            @Override
            public InputStream getInputStream(InputStream ciphertextAndTag) {
                return new AuthenticatedPlaintext(cipher, ciphertextAndTag);
            }

            @Override
            public OutputStream getAADStream() {
                return new AadStream(cipher);
            }

            @Override
            public byte[] getMAC() {
                return new byte[0];
            }
        });
    }

    private static RecipientOperator streaming(SecretKeySpec key, GCMParameters params, AlgorithmIdentifier algorithm)
            throws CMSException {
        StreamingGcm gcm = StreamingGcm.create(key, params.getNonce(), params.getIcvLen());
        return new RecipientOperator(new InputAEADDecryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public InputStream getInputStream(InputStream ciphertextAndTag) {
                return gcm.decrypt(ciphertextAndTag);
            }

            @Override
            public OutputStream getAADStream() {
                return gcm.aadStream();
            }

            @Override
            public byte[] getMAC() {
                return new byte[0];
            }
        });
    }

    /** Plaintext that becomes readable only once the whole ciphertext has been authenticated. */
    private static final class AuthenticatedPlaintext extends InputStream {
        private final Cipher cipher;
        private final InputStream source;
        private InputStream plaintext;

        AuthenticatedPlaintext(Cipher cipher, InputStream source) {
            this.cipher = cipher;
            this.source = source;
        }

        private InputStream plaintext() throws IOException {
            if (plaintext == null) {
                try {
                    plaintext = new ByteArrayInputStream(cipher.doFinal(source.readAllBytes()));
                } catch (GeneralSecurityException e) {
                    throw new IOException("AES-GCM authentication failed: the content was altered", e);
                }
            }
            return plaintext;
        }

        @Override
        public int read() throws IOException {
            return plaintext().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return plaintext().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
