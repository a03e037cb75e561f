package org.sealpost.server.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealpost.directory.DirectoryAnswer;
import org.sealpost.directory.HarvestOutcome;
import org.sealpost.directory.ProvisionalKey;
import org.sealpost.directory.PublishedCertificate;
import org.sealpost.server.http.HttpProblem;

/** The directory's JSON shapes (docs/API.md), in and out. */
final class DirectoryJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DirectoryJson() {
    }

    static Map<String, Object> answer(DirectoryAnswer answer) {
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (PublishedCertificate c : answer.certificates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pem", c.pem());
            m.put("source", c.source().value());
            m.put("level", c.level().value());
            m.put("notAfter", c.notAfter().toString());
            certificates.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", answer.address().written());
        m.put("certificates", certificates);
        m.put("provisional", answer.provisional().map(DirectoryJson::provisional).orElse(null));
        return m;
    }

    static Map<String, Object> provisional(ProvisionalKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", key.keyId());
        m.put("publicKey", key.publicKeyPem());
        m.put("keyIdentifier", key.keyIdentifier());
        m.put("expiresAt", key.expiresAt().toString());
        return m;
    }

    static Map<String, Object> outcome(HarvestOutcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", outcome.fingerprint());
        switch (outcome) {
            case HarvestOutcome.Published p -> {
                m.put("status", p.merged() ? "merged" : "published");
                m.put("addresses", p.addresses());
            }
            case HarvestOutcome.Refused r -> {
                m.put("status", "refused");
                m.put("reason", r.reason());
            }
        }
        return m;
    }

    /**
     * The body as a JSON object.
     *
     * @throws HttpProblem 400 when it is not one
     */
    static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw HttpProblem.badRequest("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw HttpProblem.badRequest("the body must be a JSON object");
        }
        return node;
    }

    /**
     * {@code field} of {@code body} as a list of strings; empty when absent and not {@code required}.
     *
     * @throws HttpProblem 400 when it is missing (and required), not an array, or holds a non-string
     */
    static List<String> strings(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw HttpProblem.badRequest("'" + field + "' is missing");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw HttpProblem.badRequest("'" + field + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw HttpProblem.badRequest("'" + field + "' must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }
}
