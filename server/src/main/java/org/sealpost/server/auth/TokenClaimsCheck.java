package org.sealpost.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.sealpost.core.auth.DeviceTokenFormat;

/**
 * The claims of a token whose signature checked out: its time window, the request it was made
 * for, and the form of its {@code jti}.
 */
final class TokenClaimsCheck {
    // 16 bytes take 22 base64url characters.
    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{" + (DeviceTokenFormat.MIN_JTI_BYTES * 4 + 2) / 3
            + "," + DeviceTokenFormat.MAX_JTI_LENGTH + "}");

    private final Duration clockSkew;

    TokenClaimsCheck(DeviceAuthPolicy policy) {
        this.clockSkew = policy.clockSkew();
    }

    /**
     * Checks every claim.
     *
     * @return the token's {@code exp}, until which its {@code jti} must be remembered
     */
    Instant check(JWTClaimsSet claims, DeviceRequest request, Instant now) throws Refusal {
        Instant expires = checkTime(claims, now);
        checkRequest(claims, request);
        String jti = claims.getJWTID();
        if (jti == null || !JTI.matcher(jti).matches()) {
            throw malformed("the token's jti must be at least " + DeviceTokenFormat.MIN_JTI_BYTES
                    + " random bytes in base64url, at most " + DeviceTokenFormat.MAX_JTI_LENGTH + " characters");
        }
        return expires;
    }

    private Instant checkTime(JWTClaimsSet claims, Instant now) throws Refusal {
        Date iatDate = claims.getIssueTime();
        Date expDate = claims.getExpirationTime();
        if (iatDate == null || expDate == null) {
            throw malformed("the token must carry iat and exp");
        }
        Instant iat = iatDate.toInstant();
        Instant exp = expDate.toInstant();
        if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(DeviceTokenFormat.MAX_LIFETIME) > 0) {
            throw new Refusal(RefusalReason.EXCESSIVE_LIFETIME, "the token must expire after it was issued and within "
                    + DeviceTokenFormat.MAX_LIFETIME.toSeconds() + " s of it; iat " + iat + ", exp " + exp);
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            throw new Refusal(RefusalReason.PREMATURE_TOKEN, "the token was issued in the future (iat " + iat
                    + ", server time " + now + "); check the device's clock");
        }
        if (now.isAfter(exp.plus(clockSkew))) {
            throw new Refusal(RefusalReason.EXPIRED_TOKEN, "the token expired at " + exp + " (server time " + now + ")");
        }
        return exp;
    }

    private static void checkRequest(JWTClaimsSet claims, DeviceRequest request) throws Refusal {
        String method = string(claims, DeviceTokenFormat.METHOD);
        String url = string(claims, DeviceTokenFormat.URL);
        String bodyHash = string(claims, DeviceTokenFormat.BODY_HASH);
        if (method == null || url == null) {
            throw malformed("the token must carry htm and htu");
        }
        if (!method.equals(request.method())) {
            throw wrongRequest("the token was made for " + method + ", not " + request.method());
        }
        String tokenUrl;
        try {
            tokenUrl = DeviceTokenFormat.targetUri(url);
        } catch (IllegalArgumentException e) {
            throw malformed("the token's htu is not an http(s) URL");
        }
        String requestUrl = DeviceTokenFormat.targetUri(request.url());
        if (!tokenUrl.equals(requestUrl)) {
            throw wrongRequest("the token was made for " + tokenUrl + ", not " + requestUrl);
        }
        if (request.hasBody() ? !request.bodyHash().equals(bodyHash) : bodyHash != null && !bodyHash.isEmpty()) {
            throw wrongRequest(request.hasBody()
                    ? "the token's htb does not match the request body (base64url SHA-256)"
                    : "the token's htb names a body, but the request has none");
        }
    }

    private static String string(JWTClaimsSet claims, String name) throws Refusal {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw malformed("the token's " + name + " must be a string");
        }
    }

    private static Refusal malformed(String message) {
        return new Refusal(RefusalReason.MALFORMED, message);
    }

    private static Refusal wrongRequest(String message) {
        return new Refusal(RefusalReason.WRONG_REQUEST, message);
    }
}
