package org.sealpost.directory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches revocation data (CRLs, OCSP responses) from a CA over http(s): one request with a timeout,
 * a 200 answer required, and a body read only up to a limit, so a slow or huge answer cannot tie up
 * the re-check. Thread-safe.
 */
final class BoundedHttp {
    private final HttpClient http;
    private final Duration timeout;

    BoundedHttp(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Sends {@code request} (its timeout set here) and returns the body.
     *
     * @throws IOException when the answer is not 200, or its body is larger than {@code maxBytes}
     */
    byte[] fetch(HttpRequest.Builder request, int maxBytes, String what) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("the " + what + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }
}
