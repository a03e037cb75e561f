package org.sealpost.core.smime.cms;

import java.io.OutputStream;
import javax.crypto.Cipher;

/** Feeds additional authenticated data to an AEAD cipher, for Bouncy Castle's {@code getAADStream()} contract. */
public final class AadStream extends OutputStream {
    private final Cipher cipher;

    public AadStream(Cipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void write(int b) {
        cipher.updateAAD(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) {
        cipher.updateAAD(b, off, len);
    }
}
