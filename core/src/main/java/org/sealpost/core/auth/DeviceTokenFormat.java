package org.sealpost.core.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The device token contract shared by the device that makes tokens and the service that checks
 * them (docs/DEVICE-AUTH.md): the header scheme, the JOSE type, the claims, the algorithm each key
 * must use, and how a request URL and body are bound into a token.
 */
public final class DeviceTokenFormat {
    /** The HTTP authentication scheme: {@code Authorization: Sealpost <compact JWS>}. */
    public static final String SCHEME = "Sealpost";
    /** The JWS {@code typ}: explicit typing keeps any other JWS made with the device key from passing as a token. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("sealpost-device+jwt");
    /** Claim: the HTTP method, as sent (upper case). */
    public static final String METHOD = "htm";
    /** Claim: the request URL without query and fragment, see {@link #targetUri(String)}. */
    public static final String URL = "htu";
    /** Claim: base64url SHA-256 of the request body; required when the body is not empty. */
    public static final String BODY_HASH = "htb";
    /** The longest a token may live: {@code exp - iat}. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /** The fewest random bytes a {@code jti} carries (128 bits). */
    public static final int MIN_JTI_BYTES = 16;
    /** The longest {@code jti} the service stores, in base64url characters. */
    public static final int MAX_JTI_LENGTH = 64;
    /** Every algorithm a token may use; each key fits exactly one, see {@link #algorithmFor(PublicKey)}. */
    public static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256);

    private DeviceTokenFormat() {
    }

    /**
     * The one algorithm a device key signs tokens with: ECDSA with the hash of its curve's size
     * (RFC 7518 pairs ES256 with P-256, ES384 with P-384, ES512 with P-521), RSASSA-PSS with
     * SHA-256 for RSA.
     *
     * @throws IllegalArgumentException for any other key
     */
    public static JWSAlgorithm algorithmFor(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return JWSAlgorithm.PS256;
        }
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> JWSAlgorithm.ES256;
                case 384 -> JWSAlgorithm.ES384;
                case 521 -> JWSAlgorithm.ES512;
                default -> throw new IllegalArgumentException("no token algorithm for a "
                        + ec.getParams().getCurve().getField().getFieldSize() + "-bit EC key");
            };
        }
        throw new IllegalArgumentException("no token algorithm for a " + key.getAlgorithm() + " key");
    }

    /**
     * The form of a request URL that {@code htu} carries and is compared in: scheme and host in
     * lower case, the default port dropped, the path as sent ({@code /} when empty), no query, no
     * fragment (RFC 9449 section 4.3 compares the same way).
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
     */
    public static String targetUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not a URL with a host (and without user info)");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** The {@code htb} value of a body: base64url (no padding) of its SHA-256. */
    public static String bodyHash(byte[] body) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(body)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
