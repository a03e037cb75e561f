package org.sealpost.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.sealpost.core.auth.DeviceTokenFormat;

/**
 * Hand-made tokens for the refusal tests: any header, any claims, signed with any key, so that
 * each test changes exactly one thing about an otherwise valid token.
 */
final class TokenForge {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenForge() {
    }

    /** The header a device sends: its algorithm, the token type, its certificate. */
    static JWSHeader.Builder header(JWSAlgorithm algorithm, X509Certificate certificate) {
        return new JWSHeader.Builder(algorithm).type(DeviceTokenFormat.TYPE).x509CertChain(List.of(x5c(certificate)));
    }

    /** Valid claims for a bodiless request issued at {@code now}, living one minute. */
    static JWTClaimsSet.Builder claims(String method, String url, Instant now) {
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        return new JWTClaimsSet.Builder()
                .claim("htm", method)
                .claim("htu", url)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(1))))
                .jwtID(Base64URL.encode(jti).toString());
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, PrivateKey key) {
        return sign(header, new Payload(claims.toJSONObject()), key);
    }

    static String sign(JWSHeader header, Payload payload, PrivateKey key) {
        try {
            JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
            return sign(header, payload, signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, Payload payload, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, payload);
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    static Base64 x5c(X509Certificate certificate) {
        try {
            return Base64.encode(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact token with one of its three parts replaced. */
    static String replacePart(String token, int index, String part) {
        String[] parts = token.split("\\.", -1);
        parts[index] = part;
        return String.join(".", parts);
    }
}
