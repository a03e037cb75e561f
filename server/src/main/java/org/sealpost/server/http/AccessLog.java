package org.sealpost.server.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, as {@code key=value} fields:
 * {@code method=POST route=/v1/enrollments/{id} status=201 duration_ms=12.4 request_id=...}.
 * The route is the template, never the path (paths carry ids and OCSP requests); no header, query
 * or body is written, so tokens and passwords cannot reach the log.
 */
public final class AccessLog implements RequestLogger {
    /** The logger name operators route or silence: {@code org.sealpost.access}. */
    public static final String LOGGER = "org.sealpost.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Consumer<String> sink;

    /** Logs to {@link #LOGGER} at INFO. */
    public AccessLog() {
        this(LOG::info);
    }

    /** Writes each line to {@code sink} instead (tests). */
    public AccessLog(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        sink.accept("method=" + ctx.method().name() + " route=" + Routes.template(ctx) + " status=" + ctx.statusCode()
                + " duration_ms=" + String.format(Locale.ROOT, "%.1f", executionTimeMs) + " request_id=" + RequestIds.of(ctx));
    }
}
