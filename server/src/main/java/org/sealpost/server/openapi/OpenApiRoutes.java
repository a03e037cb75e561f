package org.sealpost.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.json}: the API description, maintained by hand as YAML beside this class
 * ({@code openapi.yaml}) and served as JSON.
 */
public final class OpenApiRoutes {
    /** Where the document is served. */
    public static final String PATH = "/v1/openapi.json";
    private static final String RESOURCE = "openapi.yaml";

    private final String json;

    public OpenApiRoutes() {
        this.json = document().toString();
    }

    /** The document, parsed from the YAML resource. */
    public static JsonNode document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public void register(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("application/json").result(json));
    }
}
