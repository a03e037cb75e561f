package org.sealpost.core.smime.decrypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.cms.CMSException;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.mime.BlockInputStream;
import org.sealpost.core.smime.cms.AadStream;

/**
 * AES-GCM decryption of unbounded size with the JDK's ciphers, whose own GCM decryption holds all
 * ciphertext until the end. GCM encryption is AES-CTR starting at counter block 2 (NIST SP 800-38D,
 * for a 96-bit nonce) plus a tag over the ciphertext. So the ciphertext is decrypted as it streams
 * with AES-CTR, and the recovered plaintext is encrypted again with AES-GCM under the same key and
 * nonce, which reproduces the same ciphertext and hence the same tag; at the end of the stream that
 * tag is compared, in constant time, with the one received. Both are the JDK's primitives (AES-NI,
 * CLMUL); nothing cryptographic is implemented here.
 *
 * <p>Plaintext is released before the tag is checked: a reader must consume the stream to its end
 * and discard everything when it fails, as the CLI does with its temporary output file.
 */
final class StreamingGcm {
    private static final int NONCE_BYTES = 12;
    /** 2^32 - 2 blocks: past this, JDK CTR (128-bit counter) and GCM (32-bit counter) differ. */
    private static final long MAX_BYTES = ((1L << 32) - 2) * 16;

    private final Cipher ctr;
    private final Cipher tagger;
    private final int tagBytes;

    private StreamingGcm(Cipher ctr, Cipher tagger, int tagBytes) {
        this.ctr = ctr;
        this.tagger = tagger;
        this.tagBytes = tagBytes;
    }

    static StreamingGcm create(SecretKeySpec key, byte[] nonce, int tagBytes) throws CMSException {
        if (nonce.length != NONCE_BYTES) {
            throw new CMSException("AES-GCM with a " + nonce.length + "-byte nonce is not supported for large messages");
        }
        byte[] counter = Arrays.copyOf(nonce, 16);
        counter[15] = 2;
        try {
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", CryptoProviders.sunJce());
            ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter));
            Cipher tagger = Cipher.getInstance("AES/GCM/NoPadding", CryptoProviders.sunJce());
            tagger.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagBytes * 8, nonce));
            return new StreamingGcm(ctr, tagger, tagBytes);
        } catch (GeneralSecurityException e) {
            throw new CMSException("cannot set up AES-GCM: " + e.getMessage(), e);
        }
    }

    OutputStream aadStream() {
        return new AadStream(tagger);
    }

    /** Plaintext of {@code ciphertextAndTag}; reading past its end checks the tag. */
    InputStream decrypt(InputStream ciphertextAndTag) {
        return new Plaintext(ciphertextAndTag);
    }

    private final class Plaintext extends BlockInputStream {
        private final InputStream source;
        private final byte[] in = new byte[1 << 16];
        private int held;             // bytes at the start of 'in' not yet decrypted: the last tagBytes may be the tag
        private long total;
        private boolean done;

        Plaintext(InputStream source) {
            this.source = source;
        }

        @Override
        protected byte[] nextBlock() throws IOException {
            if (done) {
                return null;
            }
            int n = source.read(in, held, in.length - held);
            if (n < 0) {
                done = true;
                return finish();
            }
            held += n;
            int ready = held - tagBytes;
            if (ready <= 0) {
                return new byte[0];
            }
            total += ready;
            if (total > MAX_BYTES) {
                throw new IOException("AES-GCM content exceeds the 64 GB limit of the mode");
            }
            byte[] plain = ctr.update(in, 0, ready);
            tagger.update(plain);
            System.arraycopy(in, ready, in, 0, held - ready);
            held -= ready;
            return plain;
        }

        private byte[] finish() throws IOException {
            if (held != tagBytes) {
                throw new IOException("AES-GCM content is shorter than its authentication tag");
            }
            try {
                byte[] last = ctr.doFinal();
                byte[] computed = tagger.doFinal();
                byte[] expected = Arrays.copyOf(in, tagBytes);
                byte[] tag = Arrays.copyOfRange(computed, computed.length - tagBytes, computed.length);
                if (!MessageDigest.isEqual(tag, expected)) {
                    throw new IOException("AES-GCM authentication failed: the content was altered");
                }
                return last;
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM decryption failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
