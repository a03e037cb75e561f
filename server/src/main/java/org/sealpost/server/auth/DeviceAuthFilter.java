package org.sealpost.server.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sealpost.core.auth.DeviceTokenFormat;
import org.sealpost.server.http.HttpProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts device authentication in front of routes: a {@code beforeMatched} handler that answers a
 * refused token with 401, the usual JSON error ({@code error} = the {@link RefusalReason#code()})
 * and a {@code WWW-Authenticate} challenge, and hands an accepted device to the route through
 * {@link #device(Context)}. Unknown paths still answer 404: only matched routes are guarded.
 */
public final class DeviceAuthFilter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthFilter.class);
    private static final String ATTRIBUTE = "sealpost.device";
    private static final String CHALLENGE = DeviceTokenFormat.SCHEME + " realm=\"sealpost\", algs=\""
            + DeviceTokenFormat.ALGORITHMS.stream().map(Object::toString).sorted().collect(Collectors.joining(" ")) + "\"";

    private final DeviceAuthenticator authenticator;
    private final String publicBaseUrl;

    /**
     * @param publicBaseUrl the service's base URL as devices reach it, e.g. {@code https://mail.example.org};
     *                      tokens name it in {@code htu} (behind a proxy it differs from what the server sees)
     */
    public DeviceAuthFilter(DeviceAuthenticator authenticator, String publicBaseUrl) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        DeviceTokenFormat.targetUri(publicBaseUrl); // a bad base URL fails here, not at the first request
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /** Guards every route matching {@code pathPattern} (Javalin syntax, e.g. {@code /v1/keys/*}). */
    public void register(Javalin app, String pathPattern) {
        app.beforeMatched(pathPattern, this::authenticate);
    }

    /** The device a guarded route was called by. */
    public static AuthenticatedDevice device(Context ctx) {
        AuthenticatedDevice device = ctx.attribute(ATTRIBUTE);
        if (device == null) {
            throw new IllegalStateException(ctx.path() + " is not guarded by device authentication");
        }
        return device;
    }

    /**
     * For a route that also serves anonymous callers, inside its handler: the device when the request
     * carries a token (a refused token is still answered with 401), empty when it carries none. A
     * device a guard already authenticated is returned as is, so one token is never checked twice.
     */
    public Optional<AuthenticatedDevice> optionalDevice(Context ctx) {
        if (ctx.attribute(ATTRIBUTE) == null && !ctx.req().getHeaders("Authorization").hasMoreElements()) {
            return Optional.empty();
        }
        return Optional.of(requiredDevice(ctx));
    }

    /**
     * For a route that takes a device token among other credentials and so is not guarded by
     * {@link #register}, inside its handler: the device (no or a refused token is answered with 401).
     * A device a guard already authenticated is returned as is, so one token is never checked twice.
     */
    public AuthenticatedDevice requiredDevice(Context ctx) {
        AuthenticatedDevice known = ctx.attribute(ATTRIBUTE);
        if (known != null) {
            return known;
        }
        authenticate(ctx);
        return device(ctx);
    }

    void authenticate(Context ctx) {
        // Two Authorization headers (one added by a proxy?) leave it unclear which one counts.
        DeviceAuthResult result = Collections.list(ctx.req().getHeaders("Authorization")).size() > 1
                ? new DeviceAuthResult.Refused(RefusalReason.MALFORMED, "more than one Authorization header")
                : authenticator.authenticate(ctx.header("Authorization"),
                        DeviceRequest.of(ctx.method().name(), publicBaseUrl + ctx.path(), ctx.bodyAsBytes()));
        switch (result) {
            case DeviceAuthResult.Authenticated accepted -> ctx.attribute(ATTRIBUTE, accepted.device());
            case DeviceAuthResult.Refused refused -> {
                LOG.debug("device token refused on {} {}: {}", ctx.method(), ctx.path(), refused.reason());
                ctx.header("WWW-Authenticate", refused.reason() == RefusalReason.MISSING ? CHALLENGE
                        : CHALLENGE + ", error=\"invalid_token\", error_description=\"" + refused.reason().code() + "\"");
                throw new HttpProblem(401, refused.reason().code(), refused.message());
            }
        }
    }
}
