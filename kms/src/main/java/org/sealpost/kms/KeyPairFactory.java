package org.sealpost.kms;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes key pairs with the JDK's own providers (SunRsaSign, SunEC), which are FIPS-style
 * well-reviewed and need no Bouncy Castle registration.
 *
 * <p>Thread-safe: each call uses a fresh {@link KeyPairGenerator}.
 */
public final class KeyPairFactory {
    private final SecureRandom random;

    /** A factory drawing randomness from {@code random} (a {@link SecureRandom} is thread-safe). */
    public KeyPairFactory(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A factory using a default {@link SecureRandom}. */
    public KeyPairFactory() {
        this(new SecureRandom());
    }

    /**
     * Generates a new key pair of {@code spec}. RSA-2048 takes about 100 ms on one core, EC well
     * under a millisecond.
     *
     * @throws IllegalStateException when the JDK lacks the algorithm (it never should)
     */
    public KeyPair generate(KeySpec spec) {
        Objects.requireNonNull(spec, "spec");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.algorithm());
            generator.initialize(spec.parameters(), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + spec.settingName() + " key pair: " + e.getMessage(), e);
        }
    }
}
