package org.sealpost.server.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.sealpost.directory.Directory;
import org.sealpost.directory.DirectoryAnswer;
import org.sealpost.directory.Harvester;
import org.sealpost.directory.ProvisionalKeys;
import org.sealpost.directory.ProvisionalOutcome;
import org.sealpost.kms.VaultsUnavailableException;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.http.HttpProblem;

/**
 * The directory's HTTP API (docs/API.md, docs/DIRECTORY.md): the look-up anyone may make, within a
 * quota; the batch look-up and provisional keys, which need an enrolled device or a business API key;
 * and harvest, which needs an enrolled device.
 */
public final class DirectoryRoutes {
    static final String LOOKUP = "/v1/directory/{address}";
    static final String BATCH = "/v1/directory/lookup";
    static final String HARVEST = "/v1/directory/harvest";
    static final String PROVISIONAL = "/v1/directory/{address}/provisional";

    private final Directory directory;
    private final Harvester harvester;
    private final ProvisionalKeys provisional;
    private final CallerLimits limits;
    private final DeviceAuthFilter auth;
    private final DirectoryCallers callers;
    private final DirectorySettings settings;

    DirectoryRoutes(Directory directory, Harvester harvester, ProvisionalKeys provisional, CallerLimits limits,
            DeviceAuthFilter auth, DirectoryCallers callers, DirectorySettings settings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.harvester = Objects.requireNonNull(harvester, "harvester");
        this.provisional = Objects.requireNonNull(provisional, "provisional");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.callers = Objects.requireNonNull(callers, "callers");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public void register(Javalin app) {
        // Only harvest is device-only and guarded; the look-up, batch and provisional routes take a
        // device token or an API key and resolve their caller in the handler (DirectoryCallers).
        auth.register(app, HARVEST);
        app.get(LOOKUP, this::lookup);
        app.post(BATCH, this::batch);
        app.post(HARVEST, this::harvest);
        app.post(PROVISIONAL, this::provisional);
    }

    private void lookup(Context ctx) throws JsonProcessingException {
        limits.take(callers.anyone(ctx), 1, ctx);
        DirectoryAnswer answer = badInput(() -> directory.lookup(ctx.pathParam("address")));
        byte[] body = DirectoryJson.MAPPER.writeValueAsBytes(DirectoryJson.answer(answer));
        String etag = etag(body);
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, max-age=" + settings.cacheMaxAge().toSeconds());
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(body);
    }

    private void batch(Context ctx) {
        Caller caller = callers.sender(ctx);
        List<String> addresses = DirectoryJson.strings(DirectoryJson.object(ctx.bodyAsBytes()), "addresses", true);
        if (addresses.isEmpty()) {
            throw HttpProblem.badRequest("'addresses' is empty");
        }
        if (addresses.size() > settings.batchMax()) {
            throw new HttpProblem(400, "batch_too_large", "at most " + settings.batchMax() + " addresses per batch, got "
                    + addresses.size());
        }
        limits.take(caller, addresses.size(), ctx);
        List<DirectoryAnswer> answers = badInput(() -> directory.lookupAll(addresses));
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("results", answers.stream().map(DirectoryJson::answer).toList()));
    }

    private void harvest(Context ctx) {
        AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
        JsonNode body = DirectoryJson.object(ctx.bodyAsBytes());
        List<String> certificates = DirectoryJson.strings(body, "certificates", true);
        List<String> intermediates = DirectoryJson.strings(body, "intermediates", false);
        limits.take(Caller.device(device.address()), Math.max(1, certificates.size()), ctx);
        var outcomes = badInput(() -> harvester.harvest(certificates, intermediates, device.address()));
        ctx.json(Map.of("results", outcomes.stream().map(DirectoryJson::outcome).toList()));
    }

    private void provisional(Context ctx) {
        Caller caller = callers.sender(ctx);
        String address = ctx.pathParam("address");
        ProvisionalOutcome outcome;
        try {
            outcome = badInput(() -> provisional.obtain(address, caller.sender(), limits.provisional(caller.tier())));
        } catch (VaultsUnavailableException e) {
            throw new HttpProblem(503, "unavailable", "the key service cannot make a key now; try again later");
        }
        switch (outcome) {
            case ProvisionalOutcome.Offered offered -> {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("address", offered.key().address());
                body.putAll(DirectoryJson.provisional(offered.key()));
                ctx.status(offered.created() ? 201 : 200).json(body);
            }
            case ProvisionalOutcome.HasCertificates has -> throw new HttpProblem(409, "has_certificates",
                    has.answer().address() + " has encryption certificates; encrypt to those (GET /v1/directory/{address})");
            case ProvisionalOutcome.Enrolled enrolled -> throw new HttpProblem(409, "enrolled",
                    enrolled.address() + " has enrolled; its encryption certificate is on its way, ask again shortly");
            case ProvisionalOutcome.RateLimited limited ->
                    throw CallerLimits.tooMany(ctx, limited.retryAfter(), "too many provisional keys made by this "
                            + (caller.tier() == Caller.Tier.BUSINESS ? "API key" : "device") + " lately");
        }
    }

    /** Runs {@code work}, answering bad input ({@link IllegalArgumentException}) with 400 and its message. */
    private static <T> T badInput(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    /** A strong validator: the answer's bytes hashed (SHA-256, first 128 bits). */
    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** RFC 9110 If-None-Match: {@code *} or a list of tags, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
