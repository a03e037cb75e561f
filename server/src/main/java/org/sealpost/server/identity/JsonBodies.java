package org.sealpost.server.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import org.sealpost.server.http.HttpProblem;

/**
 * Reads the small JSON bodies of the identity and admin routes strictly: JSON media type, at most
 * {@link #MAX_BYTES}, one object of known fields. Anything else is a 4xx before any service sees it.
 */
final class JsonBodies {
    /** Names, titles and tokens: nothing legitimate comes near this. */
    static final int MAX_BYTES = 16 * 1024;

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        String bare = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!bare.equalsIgnoreCase("application/json")) {
            throw HttpProblem.unsupportedMediaType("expected Content-Type application/json"
                    + (contentType == null ? "" : ", got " + contentType));
        }
        if (ctx.contentLength() > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw HttpProblem.badRequest("the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw HttpProblem.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the input (a token, a value): only say where it went wrong.
            var at = e.getLocation();
            throw HttpProblem.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()));
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("the body cannot be read");
        }
    }

    private static HttpProblem tooLarge() {
        return new HttpProblem(413, "payload_too_large", "request larger than " + MAX_BYTES + " bytes");
    }
}
