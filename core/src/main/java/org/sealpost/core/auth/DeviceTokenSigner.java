package org.sealpost.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Makes the device token for one request: a compact JWS signed with the device's signing key,
 * carrying its certificate, bound to the method, URL and body, valid for a short time and usable
 * once (a fresh random {@code jti} each time). See docs/DEVICE-AUTH.md for the format.
 *
 * <p>The private key may be a handle the provider keeps (a keystore or token key); it is only
 * passed to the JCA signature. Thread-safe.
 */
public final class DeviceTokenSigner {
    /** A token lives one minute unless told otherwise: long enough for a slow request, short for a copied one. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(1);

    private final JWSSigner signer;
    private final JWSHeader header;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration lifetime;

    /**
     * @param key         the device's signing key
     * @param certificate its certificate, as the service issued it
     * @param lifetime    {@code exp - iat}, at most {@link DeviceTokenFormat#MAX_LIFETIME}
     * @throws IllegalArgumentException when the key does not fit the certificate's key type, or the lifetime is out of range
     */
    public DeviceTokenSigner(PrivateKey key, X509Certificate certificate, Clock clock, SecureRandom random,
            Duration lifetime) {
        Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(DeviceTokenFormat.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("token lifetime must be between 1 s and "
                    + DeviceTokenFormat.MAX_LIFETIME.toSeconds() + " s, not " + lifetime.toSeconds() + " s");
        }
        this.lifetime = lifetime;
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key does not fit a certificate for a "
                    + certificate.getPublicKey().getAlgorithm() + " key");
        }
        JWSAlgorithm algorithm = DeviceTokenFormat.algorithmFor(certificate.getPublicKey());
        this.signer = signer(key, certificate);
        this.header = new JWSHeader.Builder(algorithm)
                .type(DeviceTokenFormat.TYPE)
                .x509CertChain(List.of(Base64.encode(der(certificate))))
                .build();
    }

    /** A signer with the system clock and the default lifetime. */
    public DeviceTokenSigner(PrivateKey key, X509Certificate certificate) {
        this(key, certificate, Clock.systemUTC(), new SecureRandom(), DEFAULT_LIFETIME);
    }

    /**
     * The compact JWS for one request.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param url    the absolute request URL; its query and fragment are not bound
     * @param body   the request body; {@code null} or empty for none
     */
    public String token(String method, String url, byte[] body) {
        Instant now = clock.instant();
        byte[] jti = new byte[DeviceTokenFormat.MIN_JTI_BYTES];
        random.nextBytes(jti);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim(DeviceTokenFormat.METHOD, method)
                .claim(DeviceTokenFormat.URL, DeviceTokenFormat.targetUri(url))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(Base64URL.encode(jti).toString());
        if (body != null && body.length > 0) {
            claims.claim(DeviceTokenFormat.BODY_HASH, DeviceTokenFormat.bodyHash(body));
        }
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("the device key cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The {@code Authorization} header value for one request: {@code Sealpost <token>}. */
    public String authorization(String method, String url, byte[] body) {
        return DeviceTokenFormat.SCHEME + " " + token(method, url, body);
    }

    private static JWSSigner signer(PrivateKey key, X509Certificate certificate) {
        try {
            if (certificate.getPublicKey() instanceof ECPublicKey ec) {
                return new ECDSASigner(key, Curve.forECParameterSpec(ec.getParams()));
            }
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign tokens with this key: " + e.getMessage(), e);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the device certificate cannot be encoded", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceTokenSigner[" + header.getAlgorithm() + ", lifetime " + lifetime.toSeconds() + " s]";
    }
}
