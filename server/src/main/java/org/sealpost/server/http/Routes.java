package org.sealpost.server.http;

import io.javalin.http.Context;

/** The route template a request matched, for logs and metrics. */
public final class Routes {
    /** The template of requests no route matched (404s): one value, whatever path was asked for. */
    public static final String UNMATCHED = "unmatched";

    private Routes() {
    }

    /** E.g. {@code /crl/{file}}; {@link #UNMATCHED} when no endpoint matched. */
    public static String template(Context ctx) {
        String path;
        try {
            path = ctx.endpointHandlerPath();
        } catch (RuntimeException noEndpoint) {
            return UNMATCHED;
        }
        return path == null || path.isEmpty() || path.equals("*") ? UNMATCHED : path;
    }
}
