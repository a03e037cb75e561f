package org.sealpost.client.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** EC P-256 key pairs: the device signing key and the one-release transport key are both of this kind. */
public final class P256 {
    private P256() {
    }

    /** A new key pair, named "EC" as the JDK names it (certificates and device tokens compare that name). */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }
}
