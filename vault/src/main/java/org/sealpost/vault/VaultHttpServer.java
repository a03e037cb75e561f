package org.sealpost.vault;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.vault.tls.PinnedTrustManager;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vault's HTTP API (Javalin). {@code GET /health} answers anyone; every other request must carry
 * {@code Authorization: Bearer <client token>} and is refused with 401 otherwise (logged, without the
 * token). Over {@link VaultTransport.MutualTls} it must also come over a connection on which the client
 * presented a pinned certificate, and is refused with 403 otherwise; a client presenting a certificate
 * that is not pinned does not get past the TLS handshake. Served:
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"ok","vault":"<id>"}}</li>
 *   <li>{@code PUT /v1/shares/{keyId}}: body = the share ({@code application/octet-stream}, at most 64 KiB);
 *       201 stored, 200 identical share already stored, 409 a different share is stored</li>
 *   <li>{@code GET /v1/shares/{keyId}}: 200 with the share, or 404</li>
 *   <li>{@code DELETE /v1/shares/{keyId}}: 204, or 404</li>
 *   <li>{@code POST /v1/shares/read}: body {@code {"keyIds": [...]}} (at most {@link KeyIds#MAX_BATCH}); 200 with
 *       {@code {"shares": {id: base64}, "failures": {id: reason}}}, ids without a share left out</li>
 * </ul>
 *
 * Nothing else (404). Errors are JSON {@code {"error": code, "message": text}}; no stack trace or
 * exception text reaches a client. See docs/VAULT.md.
 */
public final class VaultHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultHttpServer.class);
    /** The largest request body accepted: a share, or the key ids of a batch read. */
    public static final int MAX_REQUEST_BYTES = Vault.MAX_SHARE_BYTES;
    public static final String SHARES = "/v1/shares/";

    private final Javalin app;
    private final Vault vault;
    private final VaultCredential credential;
    private final Optional<PinnedTrustManager> clientCertificates;
    private volatile Listen listen;

    /** Where {@link #start} listens: read when Javalin builds the TLS connector during start. */
    private record Listen(String host, int port) {
    }

    public VaultHttpServer(Vault vault, VaultCredential credential, VaultTransport transport) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.credential = Objects.requireNonNull(credential, "credential");
        this.clientCertificates = switch (Objects.requireNonNull(transport, "transport")) {
            case VaultTransport.MutualTls tls -> Optional.of(new PinnedTrustManager(tls.trustedClients()));
            case VaultTransport.InsecureHttp plain -> {
                LOG.warn("vault {}: serving plain HTTP: shares and the client token cross the network unencrypted",
                        vault.vaultId());
                yield Optional.empty();
            }
        };
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.defaultContentType = "application/json";
            if (transport instanceof VaultTransport.MutualTls tls) {
                config.jetty.addConnector((server, http) -> VaultTlsConnector.create(server, http, tls, listen.host(),
                        listen.port(), vault.vaultId()));
            }
        });
        app.exception(Problem.class, (e, ctx) -> {
            if (e.status == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"sealpost-vault\"");
            }
            ctx.status(e.status).json(new ApiError(e.code, e.getMessage()));
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ApiError(code(e.getStatus()), e.getMessage())));
        app.exception(VaultException.class, (e, ctx) -> {
            // A stored share that fails authentication: the operator must know, the client must not
            // mistake it for a missing share. The message names the key id only.
            LOG.error("vault {}: {} {}: {}", vault.vaultId(), ctx.method(), ctx.path(), e.getMessage());
            ctx.status(500).json(new ApiError("integrity_failure", e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            // The operator gets the cause in the log (a VaultException message never holds a secret);
            // the client learns only that it was the vault's fault.
            LOG.error("vault {}: error on {} {}", vault.vaultId(), ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal_error", "the vault failed to handle the request"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(new ApiError("not_found", "no such resource"));
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                ctx.json(new ApiError("method_not_allowed", ctx.method() + " is not allowed here"));
            }
        });
        app.before(this::authenticate);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok", "vault", vault.vaultId())));
        app.put(SHARES + "{keyId}", this::put);
        app.get(SHARES + "{keyId}", this::get);
        app.delete(SHARES + "{keyId}", this::delete);
        app.post(SHARES + "read", this::readBatch);
    }

    private void authenticate(Context ctx) {
        if (ctx.path().equals("/health") && ctx.method().name().equals("GET")) {
            return;
        }
        if (clientCertificates.isPresent() && !pinnedClient(ctx, clientCertificates.get())) {
            LOG.warn("vault {}: refused {} {} from {}: no trusted client certificate", vault.vaultId(), ctx.method(), ctx.path(),
                    ctx.ip());
            throw new Problem(403, "forbidden", "this vault answers only the key service it was set up for: "
                    + "a trusted client certificate is required");
        }
        String header = ctx.header("Authorization");
        String reason;
        if (header == null) {
            reason = "no credential";
        } else if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            reason = "not a bearer credential";
        } else if (!credential.matches(header.substring(7).strip())) {
            reason = "wrong credential";
        } else {
            return;
        }
        // Never the header itself: a wrong token may be a real one meant for another vault.
        LOG.warn("vault {}: refused {} {} from {}: {}", vault.vaultId(), ctx.method(), ctx.path(), ctx.ip(), reason);
        throw new Problem(401, "unauthorized", "this vault answers only the key service it was set up for");
    }

    /** Whether the connection's client presented a pinned certificate (the handshake refused unpinned ones). */
    private static boolean pinnedClient(Context ctx, PinnedTrustManager pins) {
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certificates && certificates.length > 0 && pins.trusts(certificates[0]);
    }

    private void put(Context ctx) {
        String keyId = keyId(ctx);
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream")) {
            throw new Problem(415, "unsupported_media_type", "send the share as application/octet-stream");
        }
        byte[] share = body(ctx);
        try {
            if (share.length == 0) {
                throw new Problem(400, "bad_request", "the share is empty");
            }
            boolean created;
            try {
                created = vault.put(keyId, share);
            } catch (ShareConflictException e) {
                throw new Problem(409, "conflict", e.getMessage());
            }
            ctx.status(created ? 201 : 200).json(Map.of("vault", vault.vaultId(), "keyId", keyId,
                    "stored", created ? "created" : "unchanged"));
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    private void get(Context ctx) {
        String keyId = keyId(ctx);
        Optional<byte[]> share = vault.get(keyId);
        if (share.isEmpty()) {
            throw new Problem(404, "not_found", "no share for key " + keyId);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.result(share.get());
        // Raw bytes: no charset (Javalin's default content type would add one).
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType("application/octet-stream");
    }

    private void delete(Context ctx) {
        String keyId = keyId(ctx);
        if (!vault.delete(keyId)) {
            throw new Problem(404, "not_found", "no share for key " + keyId);
        }
        ctx.status(204);
    }

    private void readBatch(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "unsupported_media_type", "send the key ids as application/json");
        }
        Set<String> keyIds;
        try {
            keyIds = BatchReadJson.parseRequest(body(ctx));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "bad_request", e.getMessage());
        }
        ShareBatch batch = vault.getAll(keyIds);
        try {
            // As for a single read: the operator must know, the client gets it per key.
            batch.failures().values().forEach(reason -> LOG.error("vault {}: {} {}: {}", vault.vaultId(), ctx.method(), ctx.path(), reason));
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json");
            ctx.result(BatchReadJson.response(batch));
        } finally {
            batch.wipe();
        }
    }

    private static String keyId(Context ctx) {
        String keyId = ctx.pathParam("keyId");
        if (!KeyIds.valid(keyId)) {
            throw new Problem(400, "bad_request", "invalid key id: expected 1 to 128 characters of A-Z a-z 0-9 _ -");
        }
        return keyId;
    }

    /** The body, refused with 413 past {@link #MAX_REQUEST_BYTES} whether or not a length was declared. */
    private static byte[] body(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_REQUEST_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
            if (bytes.length > MAX_REQUEST_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new Problem(400, "bad_request", "cannot read the request body");
        }
    }

    private static Problem tooLarge() {
        return new Problem(413, "payload_too_large", "a request body has at most " + MAX_REQUEST_BYTES + " bytes");
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public VaultHttpServer start(String host, int port) {
        listen = new Listen(host, port);
        app.start(host, port);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    /** An error answer with a status, a code and a message. */
    private static final class Problem extends RuntimeException {
        final int status;
        final String code;

        Problem(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
