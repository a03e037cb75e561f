package org.sealpost.server.pki;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.sealpost.core.keys.Pem;
import org.sealpost.server.http.HttpProblem;

/**
 * The unauthenticated PKI endpoints every relying party needs: CRLs, OCSP (RFC 6960, POST and the
 * cacheable GET form of its appendix A.1), the RFC 3161 TSA, and the CA certificates.
 */
public final class PkiRoutes {
    /** OCSP and timestamp requests are a few hundred bytes; anything near this is not one. */
    static final int MAX_PROTOCOL_REQUEST = 64 * 1024;

    private final PkiEndpoints pki;

    public PkiRoutes(PkiEndpoints pki) {
        this.pki = pki;
    }

    /** Adds the routes to an app. */
    public void register(Javalin app) {
        app.get("/crl/{file}", this::crl);
        app.post("/ocsp", this::ocspPost);
        app.get("/ocsp/<request>", this::ocspGet);
        app.post("/tsa", this::timestamp);
        app.get("/ca/{file}", this::caCertificate);
        // Caches and monitors probe with HEAD: answer it as the GET would (status and headers, no
        // body) rather than with Javalin's blanket 200, which would claim unknown files exist.
        app.head("/crl/{file}", this::crl);
        app.head("/ca/{file}", this::caCertificate);
    }

    private void crl(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".crl")) {
            throw HttpProblem.notFound("no such CRL: " + file);
        }
        String issuer = file.substring(0, file.length() - ".crl".length());
        byte[] crl = pki.crl(issuer).orElseThrow(() -> HttpProblem.notFound("no such CA: " + issuer));
        ctx.header("Cache-Control", "public, max-age=300");
        binary(ctx, "application/pkix-crl", crl);
    }

    private void ocspPost(Context ctx) {
        requireContentType(ctx, "application/ocsp-request");
        answerOcsp(ctx, body(ctx), false);
    }

    private void ocspGet(Context ctx) {
        // Clients URL-encode the base64 (RFC 6960 A.1); Javalin has already decoded %2B, %2F and %3D.
        String encoded = ctx.pathParam("request");
        byte[] request;
        try {
            request = Base64.getDecoder().decode(encoded.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            // Not base64 is a malformed request: the responder answers malformedRequest (RFC 6960 2.3).
            request = new byte[0];
        }
        answerOcsp(ctx, request, true);
    }

    private void answerOcsp(Context ctx, byte[] request, boolean cacheable) {
        byte[] response = pki.ocsp(request);
        if (cacheable) {
            ctx.header("Cache-Control", "public, max-age=60");
        }
        binary(ctx, "application/ocsp-response", response);
    }

    private void timestamp(Context ctx) {
        requireContentType(ctx, "application/timestamp-query");
        binary(ctx, "application/timestamp-reply", pki.timestamp(body(ctx)));
    }

    private void caCertificate(Context ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        String name = dot < 0 ? file : file.substring(0, dot);
        String extension = dot < 0 ? "" : file.substring(dot + 1);
        byte[] der = pki.caCertificate(name).orElseThrow(() -> HttpProblem.notFound("no such CA certificate: " + file));
        switch (extension) {
            case "pem" -> binary(ctx, "application/x-pem-file", Pem.encode(Pem.CERTIFICATE, der).getBytes(StandardCharsets.US_ASCII));
            case "cer", "der", "crt" -> binary(ctx, "application/pkix-cert", der);
            default -> throw HttpProblem.notFound("no such CA certificate: " + file);
        }
    }

    /**
     * Sends DER or PEM with exactly the media type given: Jetty would otherwise append
     * {@code ;charset=utf-8}, which OpenSSL's OCSP client rejects as the wrong content type.
     */
    private static void binary(Context ctx, String mediaType, byte[] body) {
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType(mediaType);
        ctx.result(body);
    }

    private static void requireContentType(Context ctx, String expected) {
        String type = ctx.contentType();
        String bare = type == null ? "" : type.split(";", 2)[0].trim();
        if (!bare.equalsIgnoreCase(expected)) {
            throw HttpProblem.unsupportedMediaType("expected Content-Type " + expected
                    + (type == null ? "" : ", got " + type));
        }
    }

    private static byte[] body(Context ctx) {
        // Javalin enforces maxRequestSize overall; protocol requests get a tighter bound.
        long length = ctx.contentLength();
        if (length > MAX_PROTOCOL_REQUEST) {
            throw new HttpProblem(413, "payload_too_large", "request larger than " + MAX_PROTOCOL_REQUEST + " bytes");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_PROTOCOL_REQUEST) {
            throw new HttpProblem(413, "payload_too_large", "request larger than " + MAX_PROTOCOL_REQUEST + " bytes");
        }
        return body;
    }
}
