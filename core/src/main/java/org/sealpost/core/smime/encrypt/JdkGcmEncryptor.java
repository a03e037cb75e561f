package org.sealpost.core.smime.encrypt;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.smime.cms.AadStream;

/**
 * AES-256-GCM content encryption for AuthEnvelopedData done by the JDK's cipher, which uses the
 * CPU's AES and carry-less multiply instructions (about 25 times faster here than Bouncy Castle's
 * pure-Java GCM). The JDK appends the tag to the ciphertext; CMS (RFC 5083) keeps it in a field of
 * its own, so the last 16 bytes are held back and handed to the generator as the MAC.
 */
final class JdkGcmEncryptor implements OutputAEADEncryptor {
    private static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;

    private final SecretKey key;
    private final AlgorithmIdentifier algorithm;
    private final Cipher cipher;
    private byte[] mac;

    JdkGcmEncryptor(SecureRandom random) throws GeneralSecurityException {
        KeyGenerator kg = KeyGenerator.getInstance("AES", CryptoProviders.sunJce());
        kg.init(256, random);
        key = kg.generateKey();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        algorithm = new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM, new GCMParameters(nonce, TAG_BYTES));
        cipher = Cipher.getInstance("AES/GCM/NoPadding", CryptoProviders.sunJce());
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public GenericKey getKey() {
        return new JceGenericKey(algorithm, key);
    }

    @Override
    public OutputStream getAADStream() {
        return new AadStream(cipher);
    }

    @Override
    public byte[] getMAC() {
        if (mac == null) {
            throw new IllegalStateException("the MAC is known only after the content stream is closed");
        }
        return mac.clone();
    }

    @Override
    public OutputStream getOutputStream(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] ct = cipher.update(b, off, len);
                if (ct != null && ct.length > 0) {
                    out.write(ct);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    byte[] last = cipher.doFinal();
                    int body = last.length - TAG_BYTES;
                    out.write(last, 0, body);
                    mac = java.util.Arrays.copyOfRange(last, body, last.length);
                } catch (GeneralSecurityException e) {
                    throw new IOException("AES-GCM encryption failed: " + e.getMessage(), e);
                }
                // Not closed: the CMS generator closes the octet stream itself, and a second close
                // would end the BER encoding twice.
                out.flush();
            }
        };
    }
}
