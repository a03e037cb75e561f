package org.sealpost.server.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: JSON errors in one shape everywhere, a request size limit, and no
 * stack trace or exception text ever sent to a client.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Nothing the server accepts today is larger (CSRs and protocol requests are a few KB). */
    public static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final Javalin app;

    /**
     * @param routes registers the routes of each component
     */
    public HttpServer(Consumer<Javalin> routes) {
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.defaultContentType = "application/json";
            config.http.prefer405over404 = true;
        });
        app.exception(HttpProblem.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ApiError(code(e.getStatus()), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            // Log the cause for the operator; the client learns only that it was our fault.
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal_error", "the server failed to handle the request"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                ctx.json(new ApiError("not_found", "no such resource: " + ctx.path()));
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                ctx.json(new ApiError("method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
        routes.accept(app);
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public HttpServer start(String host, int port) {
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
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }
}
