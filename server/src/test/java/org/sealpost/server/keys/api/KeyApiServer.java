package org.sealpost.server.keys.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.enroll.EnrollmentSettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/**
 * A real server (embedded vaults, no key pool) on a test database, devices enrolled through its CA
 * in-process (enrollment is not what these tests are about), and an HTTP client that signs every
 * request the way a device does.
 */
final class KeyApiServer implements AutoCloseable {
    static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final SealpostServer server;
    /** Where requests go. */
    private final String base;
    /** What tokens name in {@code htu}: the server's default public URL. */
    private final String publicBase;

    KeyApiServer(Path data, DatabaseConfig database) {
        this(new ServerSettings(data, database, "127.0.0.1", 0, Optional.empty(),
                Optional.of("key-api-test".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN),
                EnrollmentSettings.defaults()));
    }

    KeyApiServer(ServerSettings settings) {
        try {
            server = SealpostServer.start(settings);
        } catch (CaException e) {
            throw new IllegalStateException(e);
        }
        base = "http://127.0.0.1:" + server.port();
        publicBase = "http://localhost:" + server.port();
    }

    /** A device of {@code address}: a P-256 key made here and a signing-v1 certificate issued by the server's CA. */
    Device enroll(String address) {
        KeyPair keys = ec("secp256r1");
        try {
            X509Certificate certificate = server.ca().issuance().issue(IssuanceRequest.forKey(keys.getPublic(), "signing-v1")
                    .withEmails(List.of(address)), "test").certificate();
            return new Device(keys, certificate);
        } catch (CaException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with a fresh token of {@code device} (none when null). */
    Answer send(Device device, String method, String path, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        return send(method, path, body, "application/json", null,
                device == null ? null : device.signer(Clock.systemUTC()).authorization(method, publicBase + path, body));
    }

    /** A request exactly as given. */
    Answer send(String method, String path, byte[] body, String contentType, String accept, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The URL a token for {@code path} must name. */
    String publicUrl(String path) {
        return publicBase + path;
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** A device's key pair and certificate, as the client holds them. */
    record Device(KeyPair keys, X509Certificate certificate) {
        DeviceTokenSigner signer(Clock clock) {
            return new DeviceTokenSigner(keys.getPrivate(), certificate, clock, RANDOM, DeviceTokenSigner.DEFAULT_LIFETIME);
        }

        /** The audit actor of this device's requests. */
        String actor() {
            return "device:" + certificate.getSerialNumber().toString(16);
        }
    }

    /** An HTTP answer. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String error() {
            return json().path("error").asText();
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
