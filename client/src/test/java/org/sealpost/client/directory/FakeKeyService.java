package org.sealpost.client.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sealpost.core.keys.Pem;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * A stand-in key service on a local port speaking the directory API's JSON (docs/API.md): the
 * batch look-up, the anonymous look-up and provisional keys, from certificates and key pairs the
 * test sets, counting every call. It ignores device tokens and serves nothing else (its TSA
 * answers 404).
 */
public final class FakeKeyService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpServer server;
    /** Certificates published per address. */
    public final Map<String, List<X509Certificate>> certificates = new ConcurrentHashMap<>();
    /** Provisional key pairs per address, made on the first provisional request. */
    public final Map<String, KeyPair> provisionalKeys = new ConcurrentHashMap<>();
    /** The size of every batch look-up. */
    public final List<Integer> batches = new CopyOnWriteArrayList<>();
    /** Every anonymous look-up's address. */
    public final List<String> anonymous = new CopyOnWriteArrayList<>();
    /** Every provisional request's address. */
    public final List<String> provisionalCalls = new CopyOnWriteArrayList<>();
    /** Answer provisional keys with a key identifier that does not match the key. */
    public volatile boolean wrongKeyIdentifier;

    public FakeKeyService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/directory/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath().substring("/v1/directory/".length());
        JsonNode answer;
        if (x.getRequestMethod().equals("POST") && path.equals("lookup")) {
            JsonNode body = JSON.readTree(x.getRequestBody());
            ArrayNode results = JSON.createArrayNode();
            body.path("addresses").forEach(a -> results.add(entry(a.asText())));
            batches.add(results.size());
            answer = JSON.createObjectNode().set("results", results);
        } else if (x.getRequestMethod().equals("POST") && path.endsWith("/provisional")) {
            String address = URLDecoder.decode(path.substring(0, path.length() - "/provisional".length()), StandardCharsets.UTF_8);
            provisionalCalls.add(address);
            answer = provisional(address, provisionalKeys.computeIfAbsent(address, a -> newKey()));
        } else {
            String address = URLDecoder.decode(path, StandardCharsets.UTF_8);
            anonymous.add(address);
            answer = entry(address);
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private ObjectNode entry(String address) {
        ObjectNode e = JSON.createObjectNode();
        e.put("address", address);
        ArrayNode certs = e.putArray("certificates");
        for (X509Certificate c : certificates.getOrDefault(address, List.of())) {
            certs.addObject().put("pem", Pem.certificate(c)).put("source", "issued").put("level", "V1")
                    .put("notAfter", c.getNotAfter().toInstant().toString());
        }
        KeyPair p = provisionalKeys.get(address);
        e.set("provisional", p == null ? JSON.nullNode() : provisional(address, p));
        return e;
    }

    private ObjectNode provisional(String address, KeyPair key) {
        byte[] ski = SubjectKeyIds.of(key.getPublic());
        if (wrongKeyIdentifier) {
            ski[0] ^= 1;
        }
        return JSON.createObjectNode().put("address", address).put("keyId", "key-" + address)
                .put("publicKey", Pem.encode(Pem.PUBLIC_KEY, key.getPublic().getEncoded())).put("keyIdentifier", HexFormat.of().formatHex(ski))
                .put("expiresAt", Instant.now().plus(Duration.ofDays(90)).toString());
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
