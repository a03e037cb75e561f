package org.sealpost.client.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.client.service.DirectoryEntry;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.keys.Pem;

/**
 * Directory answers and key-service discoveries kept for {@link #TTL} in a plain JSON file
 * ({@code ClientHome.directoryCache()}), so that a second mail to the same people asks nobody. It
 * holds only public data: certificates and provisional public keys, and which service answered.
 * A missing or damaged file is an empty cache (it is rebuilt on the next save), never an error.
 * Not thread-safe: one command uses one instance.
 */
public final class DirectoryCache {
    /** How long an answer is used without asking again. */
    public static final Duration TTL = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;
    private final Clock clock;
    private final Map<String, Cached> entries;
    private final Map<String, Discovered> domains;

    /** One directory answer as it was received. */
    private record Cached(URI service, Instant fetchedAt, DirectoryEntry entry) {
    }

    /** One key-service discovery: the service a domain announced, or none. */
    private record Discovered(Instant checkedAt, Optional<URI> keyService) {
    }

    private DirectoryCache(Path file, Clock clock, Map<String, Cached> entries, Map<String, Discovered> domains) {
        this.file = file;
        this.clock = clock;
        this.entries = entries;
        this.domains = domains;
    }

    /** The cache in {@code file}; empty when the file is missing or cannot be read. */
    public static DirectoryCache load(Path file, Clock clock) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Map<String, Cached> entries = new LinkedHashMap<>();
        Map<String, Discovered> domains = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root != null && root.path("version").asInt() == VERSION) {
                for (var e : root.path("entries").properties()) {
                    readEntry(e.getValue()).ifPresent(c -> entries.put(e.getKey(), c));
                }
                for (var d : root.path("domains").properties()) {
                    readDomain(d.getValue()).ifPresent(v -> domains.put(d.getKey(), v));
                }
            }
        } catch (NoSuchFileException e) {
            // No cache yet.
        } catch (IOException | RuntimeException e) {
            // A damaged cache only costs a look-up: start empty and overwrite it on save.
            entries.clear();
            domains.clear();
        }
        return new DirectoryCache(file, clock, entries, domains);
    }

    /** The answer {@code service} gave for {@code address} within the last {@link #TTL}, if any. */
    public Optional<DirectoryEntry> entry(String address, URI service) {
        Cached c = entries.get(key(address));
        if (c == null || !c.service().equals(service) || !fresh(c.fetchedAt())) {
            return Optional.empty();
        }
        return Optional.of(c.entry());
    }

    /** Keeps {@code entry}, the answer of {@code service}, from now on for {@link #TTL}. */
    public void put(URI service, String address, DirectoryEntry entry) {
        entries.put(key(address), new Cached(service, clock.instant(), entry));
    }

    /**
     * The key service {@code domain} announced within the last {@link #TTL}: empty when it was not
     * asked lately, {@code Optional.of(Optional.empty())} when it announced none.
     */
    public Optional<Optional<URI>> keyService(String domain) {
        Discovered d = domains.get(domain.toLowerCase(Locale.ROOT));
        return d != null && fresh(d.checkedAt()) ? Optional.of(d.keyService()) : Optional.empty();
    }

    /** Keeps what {@code domain} announced (or that it announced nothing). */
    public void putKeyService(String domain, Optional<URI> keyService) {
        domains.put(domain.toLowerCase(Locale.ROOT), new Discovered(clock.instant(), keyService));
    }

    /** Writes the fresh part of the cache (atomically: a crash leaves the old file or the new one). */
    public void save() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ObjectNode es = root.putObject("entries");
        entries.forEach((address, c) -> {
            if (fresh(c.fetchedAt())) {
                es.set(address, writeEntry(c));
            }
        });
        ObjectNode ds = root.putObject("domains");
        domains.forEach((domain, d) -> {
            if (fresh(d.checkedAt())) {
                ObjectNode n = ds.putObject(domain);
                n.put("checkedAt", d.checkedAt().toString());
                n.put("keyService", d.keyService().map(URI::toString).orElse(null));
            }
        });
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean fresh(Instant at) {
        Instant now = clock.instant();
        // A time in the future (the clock was set back) is not trusted either.
        return !at.isAfter(now) && at.plus(TTL).isAfter(now);
    }

    /** Look-ups ignore the case of the local part (the directory does too). */
    static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode writeEntry(Cached c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("service", c.service().toString());
        n.put("fetchedAt", c.fetchedAt().toString());
        n.put("address", c.entry().address());
        var certs = n.putArray("certificates");
        for (DirectoryEntry.Published p : c.entry().certificates()) {
            ObjectNode cert = certs.addObject();
            cert.put("pem", Pem.certificate(p.certificate()));
            cert.put("source", p.source());
            cert.put("level", p.level());
            cert.put("notAfter", p.notAfter().toString());
        }
        if (c.entry().provisional().isPresent()) {
            DirectoryEntry.ProvisionalKey k = c.entry().provisional().get();
            ObjectNode p = n.putObject("provisional");
            p.put("keyId", k.keyId());
            p.put("publicKey", Pem.encode(Pem.PUBLIC_KEY, k.publicKey().getEncoded()));
            p.put("keyIdentifier", HexFormat.of().formatHex(k.keyIdentifier()));
            p.put("expiresAt", k.expiresAt().toString());
        } else {
            n.putNull("provisional");
        }
        return n;
    }

    private static Optional<Cached> readEntry(JsonNode n) {
        try {
            List<DirectoryEntry.Published> certs = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode c : n.path("certificates")) {
                X509Certificate cert = (X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(c.path("pem").asText().getBytes(StandardCharsets.US_ASCII)));
                certs.add(new DirectoryEntry.Published(cert, c.path("source").asText(""), c.path("level").asText(""),
                        Instant.parse(c.path("notAfter").asText())));
            }
            Optional<DirectoryEntry.ProvisionalKey> provisional = Optional.empty();
            JsonNode p = n.path("provisional");
            if (p.isObject()) {
                provisional = Optional.of(new DirectoryEntry.ProvisionalKey(p.path("keyId").asText(),
                        KeyMaterial.publicKey(p.path("publicKey").asText().getBytes(StandardCharsets.US_ASCII), "a cached provisional key"),
                        HexFormat.of().parseHex(p.path("keyIdentifier").asText()), Instant.parse(p.path("expiresAt").asText())));
            }
            return Optional.of(new Cached(URI.create(n.path("service").asText()), Instant.parse(n.path("fetchedAt").asText()),
                    new DirectoryEntry(n.path("address").asText(), certs, provisional)));
        } catch (GeneralSecurityException | KeyMaterialException | RuntimeException e) {
            // One unreadable entry is simply not cached.
            return Optional.empty();
        }
    }

    private static Optional<Discovered> readDomain(JsonNode n) {
        try {
            JsonNode service = n.path("keyService");
            return Optional.of(new Discovered(Instant.parse(n.path("checkedAt").asText()),
                    service.isTextual() ? Optional.of(URI.create(service.asText())) : Optional.empty()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
