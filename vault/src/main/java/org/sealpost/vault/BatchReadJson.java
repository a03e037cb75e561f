package org.sealpost.vault;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire format of a batch read, {@code POST /v1/shares/read}: the request
 * {@code {"keyIds": ["k1", "k2"]}} and the answer
 * {@code {"shares": {"k1": "<base64>"}, "failures": {"k2": "<reason>"}}}.
 *
 * <p>Shares are written from and read into {@code byte[]} with Jackson's streaming API, so that no
 * share ever becomes an immutable {@code String} that could not be wiped.
 */
final class BatchReadJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String KEY_IDS = "keyIds";
    private static final String SHARES = "shares";
    private static final String FAILURES = "failures";

    private BatchReadJson() {
    }

    /** The request body asking for {@code keyIds}. */
    static byte[] request(Set<String> keyIds) {
        try {
            return JSON.writeValueAsBytes(Map.of(KEY_IDS, keyIds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The key ids a request body asks for.
     *
     * @throws IllegalArgumentException saying what is wrong with it, for a 400 answer
     */
    static Set<String> parseRequest(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: send {\"" + KEY_IDS + "\": [\"<key id>\", ...]}");
        }
        JsonNode ids = root == null ? null : root.get(KEY_IDS);
        if (ids == null || !ids.isArray()) {
            throw new IllegalArgumentException("expected {\"" + KEY_IDS + "\": [\"<key id>\", ...]}");
        }
        List<String> keyIds = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw new IllegalArgumentException("every key id must be a JSON string");
            }
            keyIds.add(id.textValue());
        }
        return KeyIds.requireBatch(keyIds);
    }

    /** The answer body of {@code batch}; the shares in it are base64. */
    static byte[] response(ShareBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.shares().size() * 2048);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart(SHARES);
            for (Map.Entry<String, byte[]> share : batch.shares().entrySet()) {
                g.writeFieldName(share.getKey());
                g.writeBinary(share.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart(FAILURES);
            for (Map.Entry<String, String> failure : batch.failures().entrySet()) {
                g.writeStringField(failure.getKey(), failure.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The batch an answer body holds.
     *
     * @param asked the key ids that were asked for: an answer naming any other key id is refused
     * @throws IllegalArgumentException when the body is not such an answer
     */
    static ShareBatch parseResponse(byte[] body, Set<String> asked) {
        Map<String, byte[]> shares = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (field.equals(SHARES) || field.equals(FAILURES)) {
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String keyId = p.currentName();
                        if (!asked.contains(keyId) || shares.containsKey(keyId) || failures.containsKey(keyId)) {
                            throw new IllegalArgumentException("an answer for a key id that was not asked for, or twice");
                        }
                        expect(p.nextToken(), JsonToken.VALUE_STRING);
                        if (field.equals(SHARES)) {
                            byte[] share = p.getBinaryValue();
                            if (share.length == 0) {
                                throw new IllegalArgumentException("an empty share");
                            }
                            shares.put(keyId, share);
                        } else {
                            failures.put(keyId, p.getText());
                        }
                    }
                } else {
                    // A field a later vault version may add.
                    p.nextToken();
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("data after the answer");
            }
            return new ShareBatch(shares, failures);
        } catch (IOException | RuntimeException e) {
            shares.values().forEach(share -> Arrays.fill(share, (byte) 0));
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException("not a batch answer");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}
