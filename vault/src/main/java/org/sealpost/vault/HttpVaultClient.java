package org.sealpost.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.sealpost.vault.tls.MutualTls;
import java.util.Set;

/**
 * A vault in another process, over its HTTP API, authenticated with the vault's client token and, over
 * HTTPS ({@link #create(VaultEndpoint, Duration)} with {@link VaultEndpoint.MutualTls}), with the key
 * service's client certificate, trusting only the vault certificate it pins.
 * Every request has a timeout; a vault that is down, slow, refuses the token or fails answers with
 * {@link VaultUnavailableException}, whose message names the vault's address and never the token.
 */
public final class HttpVaultClient implements VaultClient {
    /** Timeout of each request when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final char[] token;
    private final HttpClient http;
    private final Duration timeout;
    private volatile String vaultId;

    /**
     * @param base  the vault's base URL, e.g. {@code https://vault-a.internal:8443/}
     * @param token the client token (copied; the caller may wipe its array)
     * @param http  the client to send with; give it a connect timeout
     */
    public HttpVaultClient(URI base, char[] token, HttpClient http) {
        this(base, token, http, DEFAULT_TIMEOUT);
    }

    public HttpVaultClient(URI base, char[] token, HttpClient http, Duration timeout) {
        Objects.requireNonNull(base, "base");
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.token = Objects.requireNonNull(token, "token").clone();
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A plain-HTTP client with its own {@link HttpClient} (connect timeout = request timeout). */
    public static HttpVaultClient create(URI base, char[] token, Duration timeout) {
        return new HttpVaultClient(base, token, HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
    }

    /**
     * A client of {@code endpoint} with its own {@link HttpClient} (connect timeout = request timeout):
     * over mutual TLS 1.3 for {@link VaultEndpoint.MutualTls}, else plain HTTP.
     */
    public static HttpVaultClient create(VaultEndpoint endpoint, Duration timeout) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
        if (endpoint instanceof VaultEndpoint.MutualTls tls) {
            http.sslContext(MutualTls.context(tls.clientIdentity(), tls.serverPins())).sslParameters(MutualTls.clientParameters());
        }
        return new HttpVaultClient(endpoint.url(), endpoint.token(), http.build(), timeout);
    }

    /**
     * The vault's id, asked once from {@code GET /health}.
     *
     * @throws VaultException when the vault cannot be reached (the cause is a {@link VaultUnavailableException})
     */
    @Override
    public String vaultId() {
        String id = vaultId;
        if (id == null) {
            try {
                id = health();
            } catch (VaultUnavailableException e) {
                throw new VaultException(e.getMessage(), e);
            }
        }
        return id;
    }

    /**
     * Asks the vault whether it is up (no credential needed) and returns its id.
     *
     * @throws VaultUnavailableException when it is not
     */
    public String health() throws VaultUnavailableException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("health")).GET(), false);
        if (r.statusCode() != 200) {
            throw unexpected("GET /health", r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            String id = body.path("vault").asText("");
            if (id.isEmpty()) {
                throw new VaultUnavailableException("the server at " + base + " is not a Sealpost vault");
            }
            vaultId = id;
            return id;
        } catch (IOException e) {
            throw new VaultUnavailableException("the server at " + base + " is not a Sealpost vault");
        }
    }

    @Override
    public void put(String keyId, byte[] share) throws VaultUnavailableException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(shareUri(keyId))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(share)), true);
        switch (r.statusCode()) {
            case 200, 201 -> {
            }
            case 409 -> throw new ShareConflictException(keyId);
            case 400, 413, 415 -> throw new IllegalArgumentException("vault at " + base + " refused the share for key "
                    + keyId + ": " + message(r));
            default -> throw unexpected("PUT share " + keyId, r);
        }
    }

    @Override
    public Optional<byte[]> get(String keyId) throws VaultUnavailableException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(shareUri(keyId)).GET(), true);
        return switch (r.statusCode()) {
            case 200 -> Optional.of(r.body());
            case 404 -> Optional.empty();
            default -> throw unexpected("GET share " + keyId, r);
        };
    }

    /** {@code POST /v1/shares/read}: one request for all {@code keyIds}; none at all when there are none. */
    @Override
    public ShareBatch getAll(Collection<String> keyIds) throws VaultUnavailableException {
        Set<String> ids = KeyIds.requireBatch(keyIds);
        if (ids.isEmpty()) {
            return ShareBatch.empty();
        }
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("v1/shares/read"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BatchReadJson.request(ids))), true);
        switch (r.statusCode()) {
            case 200 -> {
            }
            case 400, 413, 415 -> throw new IllegalArgumentException("vault at " + base + " refused the batch read: " + message(r));
            default -> throw unexpected("POST /v1/shares/read", r);
        }
        try {
            return BatchReadJson.parseResponse(r.body(), ids);
        } catch (IllegalArgumentException e) {
            throw new VaultUnavailableException("vault at " + base + " did not answer the batch read with shares (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(r.body(), (byte) 0);
        }
    }

    @Override
    public boolean delete(String keyId) throws VaultUnavailableException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(shareUri(keyId)).DELETE(), true);
        return switch (r.statusCode()) {
            case 204, 200 -> true;
            case 404 -> false;
            default -> throw unexpected("DELETE share " + keyId, r);
        };
    }

    private URI shareUri(String keyId) {
        return base.resolve("v1/shares/" + KeyIds.require(keyId));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, boolean authenticated) throws VaultUnavailableException {
        request.timeout(timeout);
        if (authenticated) {
            request.header("Authorization", "Bearer " + new String(token));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLException e) {
            throw new VaultUnavailableException("vault at " + base + ": the TLS connection failed (wrong vault certificate "
                    + "or pin, or the vault does not trust this key service's certificate): " + reason(e), e);
        } catch (HttpTimeoutException e) {
            throw new VaultUnavailableException("vault at " + base + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new VaultUnavailableException("vault at " + base + " is unreachable: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultUnavailableException("interrupted while calling the vault at " + base, e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage()
                : e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getClass().getSimpleName();
    }

    private VaultUnavailableException unexpected(String what, HttpResponse<byte[]> r) {
        if (r.statusCode() == 401) {
            return new VaultUnavailableException("vault at " + base + " refused the key service's credential (" + what + ")");
        }
        return new VaultUnavailableException("vault at " + base + " answered " + r.statusCode() + " to " + what
                + ": " + message(r));
    }

    private static String message(HttpResponse<byte[]> r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            String m = body.path("message").asText("");
            return m.isEmpty() ? "(no message)" : m;
        } catch (IOException | RuntimeException e) {
            return "(no message)";
        }
    }

    /** Overwrites the copy of the token. */
    public void forgetToken() {
        Arrays.fill(token, '\0');
    }

    @Override
    public String toString() {
        return "HttpVaultClient[" + base + "]";
    }
}
