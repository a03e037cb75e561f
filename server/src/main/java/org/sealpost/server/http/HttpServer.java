package org.sealpost.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.RequestLogger;
import io.javalin.validation.ValidationException;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: JSON errors in one shape everywhere, a request size limit, malformed
 * JSON answered 400, a request id and an access-log line per request, optional HTTPS, and no stack
 * trace or exception text ever sent to a client.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Set<HandlerType> ENDPOINT_TYPES = EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Javalin app;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    /** Where {@link #start} listens: Javalin hands its host and port only to its own plain-HTTP connector. */
    private String listenHost;
    private int listenPort;

    /** An endpoint: an HTTP method and a path template (Javalin syntax, e.g. {@code /crl/{file}}). */
    public record Route(String method, String path) {
    }

    /** Plain HTTP, the default body limit, and the access log. */
    public HttpServer(Consumer<Javalin> routes) {
        this(HttpSettings.defaults(), List.of(), routes);
    }

    /**
     * @param settings  body limit and TLS
     * @param observers told about every finished request besides the access log (e.g. metrics)
     * @param routes    registers the routes of each component
     */
    public HttpServer(HttpSettings settings, List<RequestLogger> observers, Consumer<Javalin> routes) {
        List<RequestLogger> loggers = new ArrayList<>(observers);
        loggers.addFirst(new AccessLog());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.defaultContentType = "application/json";
            config.http.prefer405over404 = true;
            config.events.handlerAdded(this::recordRoute);
            config.requestLogger.http((ctx, ms) -> {
                for (RequestLogger logger : loggers) {
                    logger.handle(ctx, ms);
                }
            });
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new FilterHolder(new RequestSizeLimit(settings.maxRequestBytes())), "/*", EnumSet.of(DispatcherType.REQUEST)));
            if (settings.trustForwarded()) {
                config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(new ForwardedRequestCustomizer()));
            }
            settings.tls().ifPresent(tls -> config.jetty.addConnector((server, http) ->
                    TlsConnector.create(server, http, tls, listenHost, listenPort)));
        });
        app.before(RequestIds::assign);
        // Refused before a byte of the body is read (and before any other handler that might read it);
        // a body without Content-Length is bounded by RequestSizeLimit. Unmatched paths never read it.
        app.beforeMatched(ctx -> {
            if (ctx.req().getContentLengthLong() > settings.maxRequestBytes()) {
                throw tooLarge(settings.maxRequestBytes());
            }
        });
        app.exception(HttpProblem.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(new ApiError(code(e.getStatus()), e.getMessage())));
        app.exception(RequestSizeLimit.RequestTooLargeException.class, (e, ctx) -> {
            HttpProblem problem = tooLarge(settings.maxRequestBytes());
            ctx.status(problem.status()).json(problem.body());
        });
        app.exception(JsonProcessingException.class, (e, ctx) ->
                ctx.status(400).json(new ApiError("bad_json", badJson(e))));
        app.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(new ApiError("bad_request",
                "invalid request: " + String.join(", ", e.getErrors().keySet()))));
        app.exception(Exception.class, (e, ctx) -> {
            // Log the cause for the operator; the client learns only that it was our fault.
            LOG.error("unhandled error on {} {} (request {})", ctx.method(), Routes.template(ctx), RequestIds.of(ctx), e);
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
        listenHost = host;
        listenPort = port;
        app.start(host, port);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** Every endpoint registered, in registration order (filters and error handlers are not endpoints). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        app.stop();
    }

    private void recordRoute(HandlerMetaInfo info) {
        if (ENDPOINT_TYPES.contains(info.getHttpMethod())) {
            routes.add(new Route(info.getHttpMethod().name(), info.getPath()));
        }
    }

    private static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(413, "payload_too_large", "the request body is larger than " + maxBytes + " bytes");
    }

    /**
     * Where the JSON breaks, never what it says: Jackson's own messages quote the input, which may be
     * a password.
     */
    private static String badJson(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            var at = e.getLocation();
            return "the request body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")");
        }
        String field = mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return "the request body does not have the expected form" + (field.isEmpty() ? "" : " at '" + field + "'");
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
