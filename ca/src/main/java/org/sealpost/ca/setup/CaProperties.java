package org.sealpost.ca.setup;

import org.sealpost.ca.profile.CaPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import org.sealpost.ca.CaException;
import org.sealpost.ca.keys.Pkcs11Settings;

/**
 * The non-secret description of a CA in {@code DIR/ca/ca.properties}: key algorithm, key store type,
 * PKCS#11 location, publication URL. Never holds a password or PIN.
 *
 * @param algorithm key types of the hierarchy
 * @param keyStore  pkcs12 or pkcs11 (with its settings)
 * @param baseUrl   the CaUrls base the certificates point to
 * @param policy    certificate lifetimes ({@code lifetime.<profile>=<days>}) and the
 *                  {@code policy.cabf-strict} cap; operators may edit them, later issuance follows
 */
public record CaProperties(CaAlgorithm algorithm, KeyStoreChoice keyStore, String baseUrl, CaPolicy policy) {

    void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# Sealpost CA; no secrets in this file\n");
        sb.append("algorithm=").append(algorithm.id()).append('\n');
        sb.append("urls.base=").append(baseUrl).append('\n');
        sb.append("# Lifetimes in days per profile (absent: the profile's default); cabf-strict caps all at 825 days\n");
        sb.append("policy.cabf-strict=").append(policy.cabfStrict()).append('\n');
        policy.lifetimes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                sb.append("lifetime.").append(e.getKey()).append('=').append(e.getValue().toDays()).append('\n'));
        switch (keyStore) {
            case KeyStoreChoice.Pkcs12 p -> sb.append("keystore.type=pkcs12\nkeystore.file=ca-keys.p12\n");
            case KeyStoreChoice.Pkcs11 p -> {
                sb.append("keystore.type=pkcs11\n");
                sb.append("pkcs11.library=").append(p.settings().library().toAbsolutePath()).append('\n');
                p.settings().slot().ifPresent(s -> sb.append("pkcs11.slot=").append(s).append('\n'));
                p.settings().slotListIndex().ifPresent(s -> sb.append("pkcs11.slotListIndex=").append(s).append('\n'));
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static CaProperties read(Path file) throws CaException.SetupFailure {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new CaException.SetupFailure("no CA found: " + file + " is missing (run the CA initialisation first)");
        } catch (IOException e) {
            throw new CaException.SetupFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            CaAlgorithm alg = CaAlgorithm.parse(required(p, "algorithm", file));
            String type = required(p, "keystore.type", file);
            KeyStoreChoice ks = switch (type) {
                case "pkcs12" -> new KeyStoreChoice.Pkcs12();
                case "pkcs11" -> new KeyStoreChoice.Pkcs11(new Pkcs11Settings(Path.of(required(p, "pkcs11.library", file)),
                        p.containsKey("pkcs11.slot") ? OptionalLong.of(Long.parseLong(p.getProperty("pkcs11.slot").strip()))
                                : OptionalLong.empty(),
                        p.containsKey("pkcs11.slotListIndex")
                                ? OptionalInt.of(Integer.parseInt(p.getProperty("pkcs11.slotListIndex").strip()))
                                : OptionalInt.empty()));
                default -> throw new IllegalArgumentException("keystore.type must be pkcs12 or pkcs11, not " + type);
            };
            CaPolicy policy = CaPolicy.defaults()
                    .withCabfStrict(Boolean.parseBoolean(p.getProperty("policy.cabf-strict", "false").strip()));
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("lifetime.")) {
                    String profile = key.substring("lifetime.".length());
                    long days = Long.parseLong(p.getProperty(key).strip());
                    policy = policy.withLifetime(profile, java.time.Duration.ofDays(days));
                }
            }
            return new CaProperties(alg, ks, p.getProperty("urls.base", ""), policy);
        } catch (IllegalArgumentException e) {
            throw new CaException.SetupFailure(file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return v.strip();
    }
}
