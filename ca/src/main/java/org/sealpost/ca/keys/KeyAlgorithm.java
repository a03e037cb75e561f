package org.sealpost.ca.keys;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key types the CA generates for itself. */
public enum KeyAlgorithm {
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)),
    RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4)),
    RSA_4096("RSA", new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4)),
    EC_P256("EC", new ECGenParameterSpec("secp256r1")),
    EC_P384("EC", new ECGenParameterSpec("secp384r1"));

    private final String jcaName;
    private final AlgorithmParameterSpec spec;

    KeyAlgorithm(String jcaName, AlgorithmParameterSpec spec) {
        this.jcaName = jcaName;
        this.spec = spec;
    }

    /** The JCA KeyPairGenerator algorithm name. */
    public String jcaName() {
        return jcaName;
    }

    /** The generation parameters. */
    public AlgorithmParameterSpec spec() {
        return spec;
    }
}
