package org.sealpost.kms;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;

/**
 * The kinds of encryption key pair the service makes. {@link #RSA_2048} is the default because
 * every S/MIME client can decrypt to it; EC keys are much faster to make but not every client
 * supports ECDH key agreement in CMS.
 */
public enum KeySpec {
    /** RSA with a 2048-bit modulus, public exponent 65537: the default. */
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)),
    /** RSA with a 3072-bit modulus (128-bit security level). */
    RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4)),
    /** EC on NIST P-256 (secp256r1). */
    EC_P256("EC", new ECGenParameterSpec("secp256r1")),
    /** EC on NIST P-384 (secp384r1). */
    EC_P384("EC", new ECGenParameterSpec("secp384r1"));

    /** The spec used when a setting names none. */
    public static final KeySpec DEFAULT = RSA_2048;

    private final String algorithm;
    private final AlgorithmParameterSpec parameters;

    KeySpec(String algorithm, AlgorithmParameterSpec parameters) {
        this.algorithm = algorithm;
        this.parameters = parameters;
    }

    /** The JCA key algorithm name: {@code RSA} or {@code EC}. */
    public String algorithm() {
        return algorithm;
    }

    /** The JCA parameters for a {@link java.security.KeyPairGenerator}. */
    public AlgorithmParameterSpec parameters() {
        return parameters;
    }

    /** The setting name, e.g. {@code rsa-2048}, as stored in the database and written in settings. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The spec named {@code name}, as in {@link #settingName()} (case-insensitive; {@code _} is
     * accepted for {@code -}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static KeySpec fromSettingName(String name) {
        String normal = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (KeySpec spec : values()) {
            if (spec.name().equals(normal)) {
                return spec;
            }
        }
        throw new IllegalArgumentException("unknown key spec '" + name + "': use rsa-2048, rsa-3072, ec-p256 or ec-p384");
    }
}
