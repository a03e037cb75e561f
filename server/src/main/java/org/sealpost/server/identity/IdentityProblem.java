package org.sealpost.server.identity;

import java.util.Objects;

/**
 * A request about identity levels or admin accounts that cannot be honoured as made. The message is
 * for the person who made it and never holds a secret; {@link #kind()} decides the HTTP status and
 * the CLI exit code. Nothing was stored when this is thrown.
 */
public final class IdentityProblem extends Exception {
    /** What kind of refusal it is. */
    public enum Kind {
        /** The input is malformed or breaks a rule (HTTP 400). */
        INVALID(400, "bad_request"),
        /** The caller's role does not allow this (HTTP 403). */
        FORBIDDEN(403, "forbidden"),
        /** No such request, organization, account or voucher (HTTP 404). */
        NOT_FOUND(404, "not_found"),
        /** The thing is not in a state that allows this (HTTP 409). */
        CONFLICT(409, "conflict"),
        /** A renewal asked for before its window opened (HTTP 409). */
        TOO_EARLY(409, "too_early"),
        /** A service this needs is not configured or not reachable (HTTP 503). */
        UNAVAILABLE(503, "unavailable");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    public IdentityProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    public static IdentityProblem invalid(String message) {
        return new IdentityProblem(Kind.INVALID, message);
    }

    public static IdentityProblem notFound(String message) {
        return new IdentityProblem(Kind.NOT_FOUND, message);
    }

    public static IdentityProblem conflict(String message) {
        return new IdentityProblem(Kind.CONFLICT, message);
    }

    public static IdentityProblem forbidden(String message) {
        return new IdentityProblem(Kind.FORBIDDEN, message);
    }
}
