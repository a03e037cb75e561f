package org.sealpost.server.http;

import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP API is served.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones are answered 413 before
 *                        more than this many bytes are read, with or without a Content-Length
 * @param tls             the keystore to serve HTTPS with; empty serves plain HTTP (e.g. behind a
 *                        TLS-terminating reverse proxy)
 * @param trustForwarded  take the client address and scheme from {@code Forwarded} /
 *                        {@code X-Forwarded-*} headers: only behind a proxy that sets them itself,
 *                        since any client can send them
 */
public record HttpSettings(long maxRequestBytes, Optional<TlsSettings> tls, boolean trustForwarded) {
    /** Enough for every API request (CSRs, JWKs and JSON of a few KB), small enough to refuse floods early. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    public HttpSettings {
        Objects.requireNonNull(tls, "tls");
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, not " + maxRequestBytes);
        }
    }

    /** Plain HTTP with the default body limit. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), false);
    }
}
