package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyMaterialCheckTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyPairFactory factory = new KeyPairFactory(random);
    private final KeyMaterialCheck check = new KeyMaterialCheck(random);

    @Test
    void matchingPairsPassAndOthersFail() {
        KeyPair rsa = factory.generate(KeySpec.RSA_2048);
        KeyPair p256 = factory.generate(KeySpec.EC_P256);
        KeyPair p256b = factory.generate(KeySpec.EC_P256);
        KeyPair p384 = factory.generate(KeySpec.EC_P384);

        assertThat(check.matches(rsa.getPublic(), rsa.getPrivate())).isTrue();
        assertThat(check.matches(p256.getPublic(), p256.getPrivate())).isTrue();
        assertThat(check.matches(p384.getPublic(), p384.getPrivate())).isTrue();

        assertThat(check.matches(p256.getPublic(), p256b.getPrivate())).isFalse();
        assertThat(check.matches(p256.getPublic(), p384.getPrivate())).isFalse();
        assertThat(check.matches(rsa.getPublic(), p256.getPrivate())).isFalse();
        assertThatThrownBy(() -> check.requireMatch("key-9", p256.getPublic(), p256b.getPrivate()))
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining("key-9");
    }

    @Test
    void anRsaKeyWithTheRightModulusButAnyWrongCrtValueFails() throws Exception {
        KeyPair rsa = factory.generate(KeySpec.RSA_2048);
        var k = (java.security.interfaces.RSAPrivateCrtKey) rsa.getPrivate();
        java.math.BigInteger two = java.math.BigInteger.TWO;
        var variants = java.util.List.of(
                new java.security.spec.RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent().add(two),
                        k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()),
                new java.security.spec.RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                        k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP().add(two), k.getPrimeExponentQ(), k.getCrtCoefficient()),
                new java.security.spec.RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                        k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient().add(two)),
                new java.security.spec.RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                        k.getPrimeP().add(two), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()));
        for (var spec : variants) {
            java.security.PrivateKey broken = java.security.KeyFactory.getInstance("RSA").generatePrivate(spec);
            assertThat(check.matches(rsa.getPublic(), broken)).isFalse();
        }
    }
}
