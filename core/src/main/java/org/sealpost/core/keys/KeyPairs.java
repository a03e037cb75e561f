package org.sealpost.core.keys;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAPrivateKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.math.ec.ECPoint;

/** Checks that a private key belongs to a public key, without signing anything. */
public final class KeyPairs {
    private KeyPairs() {
    }

    public static boolean matches(PrivateKey priv, PublicKey pub) {
        if (priv instanceof RSAPrivateKey rsa && pub instanceof RSAPublicKey rsaPub) {
            if (!rsa.getModulus().equals(rsaPub.getModulus())) {
                return false;
            }
            return !(rsa instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rsaPub.getPublicExponent());
        }
        if (priv instanceof ECPrivateKey ec && pub instanceof ECPublicKey ecPub) {
            var spec = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams());
            ECPoint q = spec.getG().multiply(ec.getS()).normalize();
            java.security.spec.ECPoint w = ecPub.getW();
            return q.getAffineXCoord().toBigInteger().equals(w.getAffineX())
                    && q.getAffineYCoord().toBigInteger().equals(w.getAffineY());
        }
        if (priv instanceof DSAPrivateKey dsa && pub instanceof DSAPublicKey dsaPub) {
            BigInteger y = dsa.getParams().getG().modPow(dsa.getX(), dsa.getParams().getP());
            return y.equals(dsaPub.getY());
        }
        return priv.getAlgorithm().equals(pub.getAlgorithm());
    }
}
