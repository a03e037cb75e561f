package org.sealpost.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id: the caller's {@code X-Request-Id} when it is a plain token (so a proxy's id
 * follows the request through), else a new random one; echoed in the response and written in the
 * access log, so a client's report can be matched to the server's line.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "sealpost.request-id";
    /** Anything else could forge log fields or lines. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : newId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}. An id only has to be unique, not unguessable
     * (it is echoed to the caller and grants nothing), and {@link UUID#randomUUID()} draws from one
     * shared {@code SecureRandom} whose lock every request thread queued on under load (JFR,
     * docs/BENCHMARKS.md "With wrk").
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The id of this request ({@code -} before one was assigned). */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
