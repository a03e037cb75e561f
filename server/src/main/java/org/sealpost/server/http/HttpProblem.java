package org.sealpost.server.http;

/** Thrown by a handler to answer with an {@link ApiError} and the given HTTP status. */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String code;

    public HttpProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(code, getMessage());
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, "not_found", message);
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    public static HttpProblem unsupportedMediaType(String message) {
        return new HttpProblem(415, "unsupported_media_type", message);
    }
}
