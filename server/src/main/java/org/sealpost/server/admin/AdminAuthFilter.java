package org.sealpost.server.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.server.http.HttpProblem;

/**
 * Puts admin authentication in front of the admin API: {@code Authorization: Bearer <token>} of an
 * active admin account, checked before every matched route. Anything else (no header, a device
 * token, a disabled account's token) is 401 with a {@code WWW-Authenticate: Bearer} challenge; the
 * answer does not say which, so it tells a prober nothing about accounts. Roles are checked by the
 * services behind the routes.
 */
public final class AdminAuthFilter {
    private static final String ATTRIBUTE = "sealpost.admin";
    private static final String CHALLENGE = "Bearer realm=\"sealpost-admin\"";

    private final AdminAccounts accounts;

    public AdminAuthFilter(AdminAccounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** Guards every route matching {@code pathPattern} (Javalin syntax, e.g. {@code /v1/admin/*}). */
    public void register(Javalin app, String pathPattern) {
        app.beforeMatched(pathPattern, this::authenticate);
    }

    /** The admin a guarded route was called by. */
    public static AdminAccount admin(Context ctx) {
        AdminAccount admin = ctx.attribute(ATTRIBUTE);
        if (admin == null) {
            throw new IllegalStateException(ctx.path() + " is not guarded by admin authentication");
        }
        return admin;
    }

    void authenticate(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        Optional<AdminAccount> admin = headers.size() == 1 ? bearer(headers.get(0)).flatMap(accounts::authenticate)
                : Optional.empty();
        if (admin.isEmpty()) {
            ctx.header("WWW-Authenticate", headers.isEmpty() ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"");
            throw new HttpProblem(401, "unauthorized", headers.isEmpty()
                    ? "the admin API needs an admin account's token: Authorization: Bearer <token>"
                    : "the admin token is not valid (unknown, malformed or disabled)");
        }
        ctx.attribute(ATTRIBUTE, admin.get());
    }

    private static Optional<String> bearer(String header) {
        String[] parts = header.strip().split(" ", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") ? Optional.of(parts[1].strip()) : Optional.empty();
    }
}
