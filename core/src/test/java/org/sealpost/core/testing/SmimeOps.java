package org.sealpost.core.testing;

import java.io.ByteArrayOutputStream;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;

/** The engine's operations on byte arrays, for tests. */
public final class SmimeOps {
    private SmimeOps() {
    }

    public static byte[] sign(byte[] message, SignOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), out, options);
        return out.toByteArray();
    }

    public static byte[] encrypt(byte[] message, EncryptOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(message), out, options);
        return out.toByteArray();
    }
}
