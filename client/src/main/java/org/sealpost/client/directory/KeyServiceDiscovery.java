package org.sealpost.client.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a domain's own (on-premise) Sealpost key service: {@code GET https://<domain>/.well-known/sealpost.json}
 * answering {@code {"keyService": "https://keys.example.com"}}. Absence and every failure (no such
 * host, refused, slow, not 200, not that JSON) mean "no key service of its own": discovery never
 * stops a mail, it only decides where to look keys up.
 */
public final class KeyServiceDiscovery {
    /** How long a domain's web server may take to answer; most domains have no file at all. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The production location of the announcement. */
    public static final Function<String, URI> WELL_KNOWN = domain -> URI.create("https://" + domain + "/.well-known/sealpost.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 16 * 1024;

    private final HttpClient http;
    private final Function<String, URI> wellKnown;
    private final Duration timeout;

    /**
     * @param wellKnown where a domain's announcement is read ({@link #WELL_KNOWN}; a test serves it over http)
     * @param timeout   how long one domain may take to answer
     */
    public KeyServiceDiscovery(HttpClient http, Function<String, URI> wellKnown, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.wellKnown = Objects.requireNonNull(wellKnown, "wellKnown");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The key service {@code domain} announces, or empty when it announces none or cannot be asked. */
    public Optional<URI> announced(String domain) {
        Optional<String> host = hostName(domain);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        URI url;
        try {
            url = wellKnown.apply(host.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    return Optional.empty();
                }
                return keyService(JSON.readTree(bytes), url);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The announced URL when it is an http(s) URL with a host and nothing else. A key service
     * announced over https must itself be https: the announcement cannot be weakened on the way.
     */
    private static Optional<URI> keyService(JsonNode n, URI announcedAt) {
        if (n == null || !n.path("keyService").isTextual()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(n.path("keyService").asText().strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean allowed = scheme.equals("https") || scheme.equals("http") && "http".equalsIgnoreCase(announcedAt.getScheme());
            if (!allowed || u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The domain as an ASCII host name, or empty for an address literal or anything that is not a host name. */
    static Optional<String> hostName(String domain) {
        if (domain == null || domain.isBlank() || domain.startsWith("[")) {
            return Optional.empty();
        }
        try {
            String ascii = IDN.toASCII(domain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return ascii.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*") ? Optional.of(ascii) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
