package org.sealpost.server.directory;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.server.apikey.ApiKey;
import org.sealpost.server.apikey.ApiKeys;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.http.HttpProblem;

/**
 * Tells who calls the directory from the request's credentials: {@code Authorization: Bearer spk_...}
 * is a business API key, any other {@code Authorization} a device token, none an anonymous caller.
 *
 * <p>Called inside the handlers, not as a guard: the look-up, batch and provisional routes take either
 * credential, and the device part goes through the server's one {@link DeviceAuthFilter}, which
 * checks a token (and uses up its id) exactly once per request. A credential that was sent but is bad
 * is always 401, never a fall-back to the anonymous quota.
 */
final class DirectoryCallers {
    /** The challenge of the API-key scheme (RFC 6750). */
    static final String CHALLENGE = "Bearer realm=\"sealpost-directory\"";

    private final DeviceAuthFilter devices;
    private final ApiKeys keys;

    DirectoryCallers(DeviceAuthFilter devices, ApiKeys keys) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** For the look-up anyone may make: the key, the device, or anonymous by client IP without credentials. */
    Caller anyone(Context ctx) {
        Optional<String> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return Caller.business(apiKey(ctx, bearer.get()));
        }
        return devices.optionalDevice(ctx).map(d -> Caller.device(d.address())).orElseGet(() -> Caller.anonymous(ctx.ip()));
    }

    /**
     * For routes that need a sender (batch look-up, provisional keys): the key or the device.
     *
     * @throws HttpProblem 401 without credentials (challenging for both schemes) or with refused ones
     */
    Caller sender(Context ctx) {
        Optional<String> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return Caller.business(apiKey(ctx, bearer.get()));
        }
        boolean none = !ctx.req().getHeaders("Authorization").hasMoreElements();
        try {
            return Caller.device(devices.requiredDevice(ctx).address());
        } catch (HttpProblem refused) {
            if (none) {
                // Either scheme would do: say so (RFC 9110 allows one challenge per header).
                ctx.res().addHeader("WWW-Authenticate", CHALLENGE);
            }
            throw refused;
        }
    }

    private ApiKey apiKey(Context ctx, String secret) {
        Optional<ApiKey> key = keys.authenticate(secret);
        if (key.isEmpty()) {
            ctx.header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
            // The answer does not say which (unknown, disabled, malformed) and never repeats the key.
            throw new HttpProblem(401, "unauthorized", "the API key is not valid (unknown, malformed or disabled)");
        }
        return key.get();
    }

    /**
     * The credentials of {@code Authorization: Bearer <credentials>} when that is the one header sent;
     * empty for another scheme or none. Two headers are left to device authentication, which refuses them.
     */
    private static Optional<String> bearer(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.size() != 1) {
            return Optional.empty();
        }
        String header = headers.get(0).strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        return scheme.equalsIgnoreCase("Bearer") ? Optional.of(space < 0 ? "" : header.substring(space + 1).strip())
                : Optional.empty();
    }
}
