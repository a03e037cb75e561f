package org.sealpost.core;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA providers the engine uses. Bouncy Castle is needed for CMS algorithms the JDK lacks
 * (streaming AES-GCM decryption, ECDH with X9.63 KDFs, DSA with inherited parameters); SunJCE is
 * used for bulk AES where it is several times faster.
 */
public final class CryptoProviders {
    private CryptoProviders() {
    }

    /** The registered Bouncy Castle provider, registering it on first use. */
    public static Provider bouncyCastle() {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) {
            return existing;
        }
        synchronized (CryptoProviders.class) {
            existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (existing == null) {
                existing = new BouncyCastleProvider();
                Security.addProvider(existing);
            }
            return existing;
        }
    }

    /** The JDK's SunJCE provider, whose AES uses the CPU's AES instructions. */
    public static Provider sunJce() {
        Provider p = Security.getProvider("SunJCE");
        return p != null ? p : bouncyCastle();
    }
}
