package org.sealpost.server.auth;

import java.util.Objects;
import org.sealpost.core.auth.DeviceTokenFormat;

/**
 * The request a token must have been made for.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param url      the URL the request was sent to as the client sees it: this service's public base
 *                 URL followed by the path as received (not rebuilt from a Host header a proxy may change)
 * @param bodyHash the {@code htb} value of its body ({@link DeviceTokenFormat#bodyHash}); empty for no body
 */
public record DeviceRequest(String method, String url, String bodyHash) {

    public DeviceRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(bodyHash, "bodyHash");
    }

    /** A request with this body ({@code null} or empty for none). */
    public static DeviceRequest of(String method, String url, byte[] body) {
        return new DeviceRequest(method, url, body == null || body.length == 0 ? "" : DeviceTokenFormat.bodyHash(body));
    }

    /** Whether the request carried a body that the token must be bound to. */
    public boolean hasBody() {
        return !bodyHash.isEmpty();
    }
}
