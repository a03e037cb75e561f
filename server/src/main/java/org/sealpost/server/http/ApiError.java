package org.sealpost.server.http;

/**
 * The body of every error answer: a stable machine-readable code and a sentence for people.
 *
 * @param error   a short code, e.g. {@code not_found}, {@code payload_too_large}
 * @param message what went wrong, never containing secrets or stack traces
 */
public record ApiError(String error, String message) {
}
