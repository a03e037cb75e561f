package org.sealpost.client.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.keys.Pem;

/**
 * The Sealpost service's HTTP API as the client uses it (docs/API.md): enrollment, devices, key
 * release and the protection password, the directory, and the CA's public files. Device calls carry
 * a fresh {@code Authorization: Sealpost} token each, made by the device's {@link DeviceTokenSigner}.
 *
 * <p>Every failure is a {@link ServiceException} with a one-line message; nothing is retried here,
 * because only the caller knows whether a retry is safe.
 */
public final class SealpostService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final URI base;
    private final HttpClient http;
    private final Optional<DeviceTokenSigner> signer;
    private final Duration timeout;

    /**
     * @param base    the service's API base URL, as the service knows itself ({@code http.api-url})
     * @param signer  the device's token signer; empty before enrollment
     */
    public SealpostService(URI base, HttpClient http, Optional<DeviceTokenSigner> signer, Duration timeout) {
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.http = Objects.requireNonNull(http, "http");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public URI base() {
        return base;
    }

    /** The same service, calling as {@code device}. */
    public SealpostService as(DeviceTokenSigner device) {
        return new SealpostService(base, http, Optional.of(device), timeout);
    }

    /** The service's timestamp authority (RFC 3161 over HTTP). */
    public URI timestampUrl() {
        return URI.create(base + "/tsa");
    }

    // ---- enrollment -------------------------------------------------------------------------

    /** {@code POST /v1/enrollments}: the service mails the challenge to {@code address}. */
    public Challenge startEnrollment(String address, Map<String, Object> accountKeyJwk) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        body.put("address", address);
        body.set("accountKey", JSON.valueToTree(accountKeyJwk));
        JsonNode r = call("POST", "/v1/enrollments", body, false, "start the enrollment of " + address);
        return new Challenge(text(r, "enrollment"), text(r, "address"), text(r, "token"), instant(r, "expiresAt"));
    }

    /** {@code POST /v1/enrollments/{id}}: answers the challenge with the device's CSR. */
    public Enrolled completeEnrollment(String enrollment, String answer, String csrPem, String deviceName) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        body.put("answer", answer);
        body.put("csr", csrPem);
        body.put("deviceName", deviceName);
        JsonNode r = call("POST", "/v1/enrollments/" + segment(enrollment), body, false, "complete the enrollment");
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode c : r.path("chain")) {
            chain.add(certificate(c.asText()));
        }
        return new Enrolled(device(r.path("device")), certificate(text(r, "signingCertificate")),
                certificate(text(r, "encryptionCertificate")), chain);
    }

    // ---- devices ----------------------------------------------------------------------------

    /** {@code GET /v1/devices}: the address's devices, removed ones included. */
    public List<DeviceInfo> devices() throws ServiceException {
        JsonNode r = call("GET", "/v1/devices", null, true, "list the devices");
        List<DeviceInfo> out = new ArrayList<>();
        for (JsonNode d : r.path("devices")) {
            out.add(device(d));
        }
        return out;
    }

    /** {@code DELETE /v1/devices/{id}}: removes a device and revokes its certificate. */
    public DeviceInfo revokeDevice(String id) throws ServiceException {
        return device(call("DELETE", "/v1/devices/" + segment(id), null, true, "remove device " + id).path("device"));
    }

    // ---- keys -------------------------------------------------------------------------------

    /**
     * {@code POST /v1/keys/release}: the address's key history wrapped to {@code transportKey}, as the
     * DER CMS AuthEnvelopedData.
     */
    public byte[] releaseKeys(PublicKey transportKey, Optional<char[]> password) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        body.put("transportKey", Base64.getEncoder().encodeToString(transportKey.getEncoded()));
        password.ifPresent(p -> body.put("password", new String(p)));
        JsonNode r = call("POST", "/v1/keys/release", body, true, "release the encryption keys");
        try {
            return Base64.getDecoder().decode(text(r, "keys"));
        } catch (IllegalArgumentException e) {
            throw protocol("the released keys are not base64");
        }
    }

    /** {@code GET /v1/keys/certificates}: every encryption certificate ever issued for the address, newest first. */
    public List<X509Certificate> encryptionCertificates() throws ServiceException {
        JsonNode r = call("GET", "/v1/keys/certificates", null, true, "fetch the encryption certificates");
        List<X509Certificate> out = new ArrayList<>();
        for (JsonNode c : r.path("certificates")) {
            out.add(certificate(text(c, "pem")));
        }
        return out;
    }

    /** {@code GET /v1/keys/password}: whether release needs the protection password. */
    public boolean passwordProtected() throws ServiceException {
        return call("GET", "/v1/keys/password", null, true, "read the protection state").path("protected").asBoolean();
    }

    /** {@code PUT /v1/keys/password}: sets ({@code current} empty) or changes the protection password. */
    public void setPassword(char[] password, Optional<char[]> current) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        body.put("password", new String(password));
        current.ifPresent(c -> body.put("current", new String(c)));
        call("PUT", "/v1/keys/password", body, true, "set the protection password");
    }

    // ---- identity ---------------------------------------------------------------------------

    /** {@code GET /v1/identity/external}: the address's Vp chains, end entity first. */
    public List<List<X509Certificate>> externalChains() throws ServiceException {
        JsonNode r = call("GET", "/v1/identity/external", null, true, "fetch the external certificates");
        List<List<X509Certificate>> out = new ArrayList<>();
        for (JsonNode chain : r.path("chains")) {
            List<X509Certificate> certs = new ArrayList<>();
            for (JsonNode c : chain) {
                certs.add(certificate(c.asText()));
            }
            out.add(certs);
        }
        return out;
    }

    /**
     * {@code GET /v1/identity/certificates}: the V2-V4 certificates issued for this device's key,
     * unrevoked and valid now, newest first, each with its chain.
     */
    public List<HeldIdentity> identityCertificates() throws ServiceException {
        JsonNode r = call("GET", "/v1/identity/certificates", null, true, "fetch the identity certificates");
        List<HeldIdentity> out = new ArrayList<>();
        for (JsonNode c : r.path("certificates")) {
            String level = text(c, "level");
            if (!List.of("V2", "V3", "V4").contains(level)) {
                throw protocol("the service's identity certificate has level '" + level + "', not V2, V3 or V4");
            }
            List<X509Certificate> chain = new ArrayList<>(List.of(certificate(text(c, "pem"))));
            for (JsonNode ca : c.path("chain")) {
                chain.add(certificate(ca.asText()));
            }
            out.add(new HeldIdentity(level, chain, instant(c, "notAfter")));
        }
        return out;
    }

    // ---- directory --------------------------------------------------------------------------

    /** {@code POST /v1/directory/lookup}: the entries of {@code addresses} (at most 100), in order. */
    public List<DirectoryEntry> lookup(List<String> addresses) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("addresses");
        addresses.forEach(list::add);
        JsonNode r = call("POST", "/v1/directory/lookup", body, true, "look up " + String.join(", ", addresses));
        List<DirectoryEntry> out = new ArrayList<>();
        for (JsonNode e : r.path("results")) {
            out.add(entry(e));
        }
        if (out.size() != addresses.size()) {
            throw protocol("the directory answered " + out.size() + " entries for " + addresses.size() + " addresses");
        }
        return out;
    }

    /** {@code GET /v1/directory/{address}} without a device token (anyone may ask). */
    public DirectoryEntry lookupAnonymously(String address) throws ServiceException {
        return entry(call("GET", "/v1/directory/" + segment(address), null, false, "look up " + address));
    }

    /** {@code POST /v1/directory/{address}/provisional}: the address's provisional key, made now if needed. */
    public DirectoryEntry.ProvisionalKey provisional(String address) throws ServiceException {
        return provisionalKey(call("POST", "/v1/directory/" + segment(address) + "/provisional", null, true,
                "get a provisional key for " + address));
    }

    /** {@code POST /v1/directory/harvest}: submits certificates found in verified signed mail. */
    public List<HarvestOutcome> harvest(List<X509Certificate> certificates, List<X509Certificate> intermediates) throws ServiceException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode certs = body.putArray("certificates");
        certificates.forEach(c -> certs.add(Pem.certificate(c)));
        ArrayNode inter = body.putArray("intermediates");
        intermediates.forEach(c -> inter.add(Pem.certificate(c)));
        JsonNode r = call("POST", "/v1/directory/harvest", body, true, "submit certificates to the directory");
        List<HarvestOutcome> out = new ArrayList<>();
        for (JsonNode o : r.path("results")) {
            List<String> addresses = new ArrayList<>();
            o.path("addresses").forEach(a -> addresses.add(a.asText()));
            out.add(new HarvestOutcome(o.path("fingerprint").asText(), o.path("status").asText(), addresses, o.path("reason").asText("")));
        }
        return out;
    }

    // ---- public CA files --------------------------------------------------------------------

    /** {@code GET /ca/root.pem}: the service's root certificate. */
    public X509Certificate rootCertificate() throws ServiceException {
        return caFile("root.pem", "fetch the service's root certificate");
    }

    /** {@code GET /ca/tsa.pem}: the certificate of the service's timestamp authority. */
    public X509Certificate timestampCertificate() throws ServiceException {
        return caFile("tsa.pem", "fetch the timestamp authority's certificate");
    }

    private X509Certificate caFile(String name, String what) throws ServiceException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/ca/" + name)).timeout(timeout).GET().build(), what);
        if (r.statusCode() != 200) {
            throw failure(r, what);
        }
        return certificate(new String(r.body(), StandardCharsets.US_ASCII));
    }

    /**
     * {@code GET /crl/issuing.crl} and {@code GET /crl/root.crl}: the CRLs of the service's issuing CA
     * and root, as served (their signatures are the caller's to check).
     */
    public List<X509CRL> revocationLists() throws ServiceException {
        List<X509CRL> out = new ArrayList<>();
        for (String name : List.of("issuing", "root")) {
            String what = "fetch the " + name + " CRL";
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/crl/" + name + ".crl")).timeout(timeout).GET().build(), what);
            if (r.statusCode() != 200) {
                throw failure(r, what);
            }
            try {
                out.add((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body())));
            } catch (GeneralSecurityException | ClassCastException e) {
                throw protocol("the service sent a " + name + " CRL that cannot be read");
            }
        }
        return out;
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private JsonNode call(String method, String path, JsonNode body, boolean device, String what) throws ServiceException {
        URI url = URI.create(base + path);
        byte[] bytes = body == null ? new byte[0] : json(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", JSON_TYPE);
        if (body != null) {
            request.header("Content-Type", JSON_TYPE);
        }
        request.method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (device) {
            DeviceTokenSigner s = signer.orElseThrow(() -> new IllegalStateException("this call needs an enrolled device"));
            request.header("Authorization", s.authorization(method, url.toString(), bytes));
        }
        HttpResponse<byte[]> r = send(request.build(), what);
        if (r.statusCode() / 100 != 2) {
            throw failure(r, what);
        }
        if (r.statusCode() == 204) {
            // No Content (PUT /v1/keys/password): success says all.
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw protocol("the service's answer to '" + what + "' is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw protocol("the service's answer to '" + what + "' is not JSON");
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) throws ServiceException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServiceException(ServiceException.Kind.UNREACHABLE, 0, "", "cannot reach the Sealpost service at " + base
                    + " to " + what + ": " + describe(e), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ServiceException.Kind.UNREACHABLE, 0, "", "interrupted while asking the service to " + what,
                    Optional.empty());
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static ServiceException failure(HttpResponse<byte[]> r, String what) {
        String code = "";
        String message = "";
        OptionalInt tries = OptionalInt.empty();
        Optional<Instant> lockedUntil = Optional.empty();
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n != null && n.isObject()) {
                code = n.path("error").asText("");
                message = n.path("message").asText("");
                if (n.path("remainingTries").canConvertToInt() && n.path("remainingTries").isIntegralNumber()) {
                    tries = OptionalInt.of(n.path("remainingTries").asInt());
                }
                if (n.path("lockedUntil").isTextual()) {
                    try {
                        lockedUntil = Optional.of(Instant.parse(n.path("lockedUntil").asText()));
                    } catch (java.time.DateTimeException e) {
                        // Not a time: the message still says when.
                    }
                }
            }
        } catch (IOException e) {
            // Not the API's error shape (a proxy's page, say): the status says enough.
        }
        Optional<Duration> retry = r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        ServiceException.Kind kind = r.statusCode() >= 500 ? ServiceException.Kind.UNAVAILABLE : ServiceException.Kind.REFUSED;
        String text = "the service refused to " + what + ": HTTP " + r.statusCode() + (code.isEmpty() ? "" : " " + code)
                + (message.isEmpty() ? "" : " (" + message.lines().findFirst().orElse("") + ")");
        if (r.statusCode() == 401 && "revoked_certificate".equals(code)) {
            // Every command that calls as the device ends here once it was removed: one message for all of them.
            text = ServiceException.DEVICE_REMOVED;
        }
        return new ServiceException(kind, r.statusCode(), code, text, retry, tries, lockedUntil);
    }

    private static DeviceInfo device(JsonNode d) throws ServiceException {
        if (!d.isObject()) {
            throw protocol("the service's answer has no device");
        }
        Optional<Instant> revoked = d.path("revokedAt").isTextual() ? Optional.of(instant(d, "revokedAt")) : Optional.empty();
        return new DeviceInfo(text(d, "id"), d.path("name").asText(""), d.path("address").asText(""), d.path("level").asText(""),
                instant(d, "enrolledAt"), revoked, d.path("current").asBoolean(false));
    }

    private static DirectoryEntry entry(JsonNode e) throws ServiceException {
        List<DirectoryEntry.Published> certs = new ArrayList<>();
        for (JsonNode c : e.path("certificates")) {
            certs.add(new DirectoryEntry.Published(certificate(text(c, "pem")), c.path("source").asText(""), c.path("level").asText(""),
                    instant(c, "notAfter")));
        }
        Optional<DirectoryEntry.ProvisionalKey> provisional = e.path("provisional").isObject()
                ? Optional.of(provisionalKey(e.path("provisional"))) : Optional.empty();
        return new DirectoryEntry(text(e, "address"), certs, provisional);
    }

    private static DirectoryEntry.ProvisionalKey provisionalKey(JsonNode p) throws ServiceException {
        try {
            PublicKey key = KeyMaterial.publicKey(text(p, "publicKey").getBytes(StandardCharsets.US_ASCII), "the provisional key");
            return new DirectoryEntry.ProvisionalKey(text(p, "keyId"), key, HexFormat.of().parseHex(text(p, "keyIdentifier")),
                    instant(p, "expiresAt"));
        } catch (KeyMaterialException | IllegalArgumentException | java.time.DateTimeException e) {
            throw protocol("the service's provisional key cannot be read");
        }
    }

    private static X509Certificate certificate(String pem) throws ServiceException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw protocol("the service sent a certificate that cannot be read");
        }
    }

    private static String text(JsonNode n, String field) throws ServiceException {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            throw protocol("the service's answer lacks '" + field + "'");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) throws ServiceException {
        try {
            return Instant.parse(text(n, field));
        } catch (java.time.DateTimeException e) {
            throw protocol("the service's '" + field + "' is not a time");
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] json(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceException protocol(String message) {
        return new ServiceException(ServiceException.Kind.PROTOCOL, 0, "", message, Optional.empty());
    }
}
