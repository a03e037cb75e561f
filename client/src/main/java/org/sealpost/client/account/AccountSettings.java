package org.sealpost.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The mail account and the service it enrolls with, as {@code account add} wrote them. Holds no
 * secret: the mail password lives in the encrypted store.
 *
 * @param address     the mail address (as the user wrote it)
 * @param imapUrl     {@code imap://host:port} or {@code imaps://host:port}
 * @param smtpUrl     {@code smtp://host:port} or {@code smtps://host:port}
 * @param user        the mail login (the address unless told otherwise)
 * @param server      the Sealpost service's API base URL
 * @param keyServices domains served by their own key service (on-premise), domain to API base URL;
 *                    others are found through {@code https://<domain>/.well-known/sealpost.json}
 * @param mailTrust   a PEM file of certificates trusted for TLS to the mail servers, besides the JDK's
 * @param deviceName  the name this device enrolls under
 */
public record AccountSettings(String address, String imapUrl, String smtpUrl, String user, URI server,
                              Map<String, URI> keyServices, Optional<Path> mailTrust, String deviceName) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AccountSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(imapUrl, "imapUrl");
        Objects.requireNonNull(smtpUrl, "smtpUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(server, "server");
        keyServices = Map.copyOf(keyServices);
        Objects.requireNonNull(mailTrust, "mailTrust");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    /**
     * The settings in {@code file}.
     *
     * @throws AccountException when there are none or they cannot be read
     */
    public static AccountSettings load(Path file) throws AccountException {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new AccountException("no account in " + file.getParent() + " (run 'sealpost account add' first)");
        } catch (IOException e) {
            throw new AccountException("cannot read the account settings " + file + ": not JSON");
        }
        try {
            Map<String, URI> services = new LinkedHashMap<>();
            n.path("keyServices").properties().forEach(e -> services.put(e.getKey(), URI.create(e.getValue().asText())));
            return new AccountSettings(req(n, "address"), req(n, "imap"), req(n, "smtp"), req(n, "user"), URI.create(req(n, "server")),
                    services, n.path("mailTrust").isTextual() ? Optional.of(Path.of(n.path("mailTrust").asText())) : Optional.empty(),
                    n.path("deviceName").asText("sealpost-cli"));
        } catch (IllegalArgumentException e) {
            throw new AccountException("the account settings " + file + " are damaged: " + e.getMessage());
        }
    }

    /** Writes the settings (atomically: a crash leaves the old file or the new one). */
    public void save(Path file) throws AccountException {
        ObjectNode n = JSON.createObjectNode();
        n.put("address", address);
        n.put("imap", imapUrl);
        n.put("smtp", smtpUrl);
        n.put("user", user);
        n.put("server", server.toString());
        ObjectNode services = n.putObject("keyServices");
        keyServices.forEach((domain, url) -> services.put(domain, url.toString()));
        mailTrust.ifPresent(p -> n.put("mailTrust", p.toAbsolutePath().toString()));
        n.put("deviceName", deviceName);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AccountException("cannot write the account settings " + file + ": " + e.getMessage());
        }
    }

    private static String req(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.asText();
    }
}
