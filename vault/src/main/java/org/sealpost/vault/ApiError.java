package org.sealpost.vault;

/**
 * The body of every error answer of a vault, the same shape as the Sealpost server's.
 *
 * @param error   a short code, e.g. {@code unauthorized}, {@code conflict}
 * @param message what went wrong, never containing a share or a credential
 */
public record ApiError(String error, String message) {
}
