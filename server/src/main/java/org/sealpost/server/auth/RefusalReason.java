package org.sealpost.server.auth;

import java.util.Locale;

/** Why a device token was refused; {@link #code()} is the {@code error} of the 401 answer. */
public enum RefusalReason {
    /** No {@code Authorization} header. */
    MISSING,
    /** Not {@code Sealpost <compact JWS>} with the required header fields and claims. */
    MALFORMED,
    /** {@code alg} is not on the allow-list, or not the one the certificate's key uses. */
    UNSUPPORTED_ALGORITHM,
    /** The signature does not verify with the certificate's key. */
    BAD_SIGNATURE,
    /** The certificate was not issued by this service's issuing CA, or is not in its records as presented. */
    UNKNOWN_CERTIFICATE,
    /** The certificate is outside its validity period. */
    EXPIRED_CERTIFICATE,
    /** The certificate, or the CA that issued it, is revoked. */
    REVOKED_CERTIFICATE,
    /** The certificate is not a device signing certificate (e.g. an encryption certificate). */
    WRONG_PURPOSE,
    /** The token's {@code exp} has passed. */
    EXPIRED_TOKEN,
    /** The token's {@code iat} lies in the future. */
    PREMATURE_TOKEN,
    /** {@code exp} is not after {@code iat}, or more than five minutes after it. */
    EXCESSIVE_LIFETIME,
    /** The token's {@code jti} was used before. */
    REPLAYED,
    /** The token was made for another method, URL or body. */
    WRONG_REQUEST;

    /** The reason as sent to clients, e.g. {@code revoked_certificate}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
