package org.sealpost.ca.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Subject key pairs for tests, made once per JVM: RSA generation is slow. */
public final class TestKeys {
    private TestKeys() {
    }

    public static final KeyPair RSA_2048 = generate("RSA", 2048);
    public static final KeyPair EC_P256 = ec("secp256r1");
    public static final KeyPair EC_P384 = ec("secp384r1");

    private static KeyPair generate(String alg, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
