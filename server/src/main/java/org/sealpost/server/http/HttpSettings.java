package org.sealpost.server.http;

import java.net.URI;
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
 * @param apiUrl          the base URL devices call the API at, which their tokens name
 *                        ({@code https://mail.example.org} behind a TLS-terminating proxy); empty: the
 *                        public URL, or its host with {@code https} and the listening port when
 *                        {@code tls} is set
 */
public record HttpSettings(long maxRequestBytes, Optional<TlsSettings> tls, boolean trustForwarded, Optional<String> apiUrl) {
    /** Enough for every API request (CSRs, JWKs and JSON of a few KB), small enough to refuse floods early. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    public HttpSettings {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, not " + maxRequestBytes);
        }
    }

    /** Settings whose API URL is the default one. */
    public HttpSettings(long maxRequestBytes, Optional<TlsSettings> tls, boolean trustForwarded) {
        this(maxRequestBytes, tls, trustForwarded, Optional.empty());
    }

    /** Plain HTTP with the default body limit. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), false);
    }

    /**
     * The base URL device tokens must name: {@link #apiUrl()} when set; otherwise the public URL, or,
     * when this server terminates TLS itself, the public URL's host with {@code https} and {@code port}.
     */
    public String apiUrl(String publicUrl, int port) {
        if (apiUrl.isPresent()) {
            return apiUrl.get();
        }
        if (tls.isEmpty()) {
            return publicUrl;
        }
        // URI keeps an IPv6 host in its brackets.
        return "https://" + URI.create(publicUrl).getHost() + (port == 443 ? "" : ":" + port);
    }
}
