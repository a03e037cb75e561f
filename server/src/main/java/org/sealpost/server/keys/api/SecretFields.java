package org.sealpost.server.keys.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.http.HttpProblem;

/**
 * The string fields of a flat JSON object whose values may be passwords: read with Jackson's
 * streaming parser straight into {@code char[]}s (never a {@link String}, which cannot be cleared)
 * and cleared by {@link #close()}. Strict, since these bodies gate key release: only the named
 * fields, each at most once, only string values, nothing after the object; anything else is a 400.
 */
final class SecretFields implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, char[]> values;

    private SecretFields(Map<String, char[]> values) {
        this.values = values;
    }

    /**
     * Reads {@code body}, which must be a JSON object with no fields but {@code allowed}.
     *
     * @throws HttpProblem 400 naming what is wrong (never a value)
     */
    static SecretFields read(byte[] body, Set<String> allowed) {
        Map<String, char[]> values = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw HttpProblem.badRequest("the body must be a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (!allowed.contains(name)) {
                    throw HttpProblem.badRequest("unknown field \"" + printable(name) + "\"; expected " + String.join(", ", allowed));
                }
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw HttpProblem.badRequest("\"" + name + "\" must be a string");
                }
                int offset = parser.getTextOffset();
                char[] previous = values.put(name, Arrays.copyOfRange(parser.getTextCharacters(), offset, offset + parser.getTextLength()));
                if (previous != null) {
                    Arrays.fill(previous, '\0');
                    throw HttpProblem.badRequest("\"" + name + "\" appears twice");
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw HttpProblem.badRequest("the body must be one JSON object and nothing else");
            }
            return new SecretFields(values);
        } catch (IOException e) {
            wipe(values);
            // Jackson's message quotes the input near the error, which may be a password: not passed on.
            throw HttpProblem.badRequest("the body is not valid JSON");
        } catch (RuntimeException e) {
            wipe(values);
            throw e;
        }
    }

    /** The value of {@code name}, if the body has it; the array is cleared by {@link #close()}. */
    Optional<char[]> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of {@code name} as a string: only for fields that are not secret. */
    Optional<String> text(String name) {
        return get(name).map(String::new);
    }

    @Override
    public void close() {
        wipe(values);
    }

    private static void wipe(Map<String, char[]> values) {
        values.values().forEach(v -> Arrays.fill(v, '\0'));
    }

    /** A field name fit for an error message: a bounded run of printable ASCII. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
