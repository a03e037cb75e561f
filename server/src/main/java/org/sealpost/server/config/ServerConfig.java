package org.sealpost.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.directory.Quota;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.enroll.EnrollmentSettings;
import org.sealpost.server.identity.IdentitySettings;
import org.sealpost.server.directory.DirectorySettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.validation.ValidationSettings;
import org.sealpost.vault.HttpVaultClient;

/**
 * The server's configuration: one properties file, overridden by environment variables
 * ({@code SEALPOST_} + the key in upper case, {@code .} and {@code -} as {@code _}), overridden by
 * command-line flags. Every key the file sets must be known ({@link ConfigKeys}), so that a typo is an
 * error rather than a silently ignored setting. Holds no secret: passwords are named by environment
 * variable, vault tokens by file.
 *
 * @param host      the address to listen on
 * @param port      the port to listen on (0: a free one)
 * @param publicUrl the base URL written into certificates of a CA created on first start
 * @param database  which database
 * @param algorithm key types of a CA created on first start
 * @param kms       the key service
 * @param mail      the relay for challenge mails (its password only named)
 * @param validation the challenge rules
 * @param renewalWindow when a device may renew its signing certificate at the latest (before its end)
 * @param identity  identity levels: the DNS resolver for domain control
 * @param http      the HTTP listener: body limit, TLS
 * @param directory the public-key directory
 * @param effective every setting with its value and where it came from, for {@link #describe()}
 */
public record ServerConfig(String host, int port, Optional<String> publicUrl, DatabaseSettings database, CaAlgorithm algorithm,
        KmsSettings kms, MailRelaySettings mail, ValidationSettings validation, java.time.Duration renewalWindow,
        IdentitySettings identity,
        HttpConfig http, DirectorySettings directory, List<ConfigValue> effective) {
    /** The configuration file read from the data directory when none is named. */
    public static final String DEFAULT_FILE = "sealpost.properties";

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(renewalWindow, "renewalWindow");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(directory, "directory");
        effective = List.copyOf(effective);
    }

    /**
     * Reads and checks the configuration, opening nothing (a vault's token file is read to check it).
     *
     * @param file        the properties file, if any
     * @param environment the process environment: overrides, and the password variables' values
     * @param flags       values given on the command line, by configuration key
     * @throws ConfigException naming the first key that cannot be used
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        ConfigLayers layers = ConfigLayers.read(file, environment, flags);
        KmsConfig kmsConfig = new KmsConfig(layers);
        List<String> vaultNames = kmsConfig.vaultNames();
        requireKnownKeys(layers, vaultNames);

        String host = layers.getOrDefault(ConfigKeys.LISTEN_HOST).text();
        int port = layers.getOrDefault(ConfigKeys.LISTEN_PORT).asInt(0, 65535);
        Optional<java.net.URI> publicUri = layers.get(ConfigKeys.PUBLIC_URL).map(ConfigValue::asHttpUrl);
        Optional<String> publicUrl = publicUri.map(java.net.URI::toString);
        CaAlgorithm algorithm = layers.getOrDefault(ConfigKeys.CA_ALGORITHM).asNamed(CaAlgorithm::parse, "ec or rsa");
        DatabaseSettings database = database(layers);
        KmsSettings kms = kmsConfig.settings(vaultNames);
        MailConfig mailConfig = new MailConfig(layers);
        HttpConfig http = HttpConfig.read(layers);
        return new ServerConfig(host, port, publicUrl, database, algorithm, kms, mailConfig.relay(publicUri),
                mailConfig.validation(), layers.getOrDefault(ConfigKeys.ENROLL_RENEWAL_WINDOW).asDuration(), identity(layers), http, directory(layers), effective(layers, vaultNames));
    }

    private static IdentitySettings identity(ConfigLayers layers) {
        Optional<InetSocketAddress> resolver = layers.get(ConfigKeys.IDENTITY_DNS_RESOLVER)
                .filter(v -> !v.text().isBlank()).map(ServerConfig::resolverAddress);
        return new IdentitySettings(resolver, layers.getOrDefault(ConfigKeys.IDENTITY_DNS_TIMEOUT).asDuration());
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}; port 53 when none is given. */
    private static InetSocketAddress resolverAddress(ConfigValue value) {
        String text = value.text().strip();
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (colon > 0 && (bracketed ? text.indexOf(']') == colon - 1 : text.indexOf(':') == colon)) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw value.invalid("the port is not a number");
            }
        }
        if (bracketed) {
            host = host.substring(1, host.length() - (host.endsWith("]") ? 1 : 0));
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw value.invalid("use host, host:port or [IPv6]:port");
        }
        return new InetSocketAddress(host, port);
    }

    private static DirectorySettings directory(ConfigLayers layers) {
        Optional<Path> trustStore = layers.get(ConfigKeys.DIRECTORY_TRUST_STORE).map(v -> {
            Path file = v.asPath();
            if (!java.nio.file.Files.isReadable(file)) {
                throw v.invalid("the trust store bundle " + file + " cannot be read");
            }
            return file;
        });
        return new DirectorySettings(trustStore, quota(layers, ConfigKeys.DIRECTORY_RATE_ANONYMOUS),
                quota(layers, ConfigKeys.DIRECTORY_RATE_DEVICE), quota(layers, ConfigKeys.DIRECTORY_RATE_BUSINESS),
                quota(layers, ConfigKeys.DIRECTORY_PROVISIONAL_RATE), quota(layers, ConfigKeys.DIRECTORY_PROVISIONAL_RATE_BUSINESS),
                layers.getOrDefault(ConfigKeys.DIRECTORY_PROVISIONAL_LIFETIME).asDuration(),
                layers.getOrDefault(ConfigKeys.DIRECTORY_BATCH_MAX).asInt(1, 1000),
                layers.getOrDefault(ConfigKeys.DIRECTORY_CACHE_MAX_AGE).asDuration(),
                layers.getOrDefault(ConfigKeys.DIRECTORY_MAINTENANCE_INTERVAL).asDuration(),
                layers.getOrDefault(ConfigKeys.DIRECTORY_RECHECK_INTERVAL).asDuration());
    }

    private static Quota quota(ConfigLayers layers, String key) {
        ConfigValue value = layers.getOrDefault(key);
        try {
            return Quota.parse(value.text());
        } catch (IllegalArgumentException e) {
            throw value.invalid(e.getMessage());
        }
    }

    private static DatabaseSettings database(ConfigLayers layers) {
        Optional<ConfigValue> url = layers.get(ConfigKeys.DB_URL);
        Optional<ConfigValue> passwordEnv = layers.get(ConfigKeys.DB_PASSWORD_ENV);
        if (url.isPresent() && !url.get().text().startsWith("jdbc:")) {
            throw url.get().invalid("not a JDBC URL (e.g. jdbc:postgresql://db.example.org:5432/sealpost)");
        }
        // Checked now, so that a missing password is reported before anything is opened.
        if (url.isPresent() && passwordEnv.isPresent() && !layers.environment().containsKey(passwordEnv.get().text())) {
            throw passwordEnv.get().invalid("environment variable " + passwordEnv.get().text() + " is not set");
        }
        return new DatabaseSettings(url.map(ConfigValue::text), layers.get(ConfigKeys.DB_USER).map(ConfigValue::text),
                passwordEnv.map(ConfigValue::text));
    }

    private static void requireKnownKeys(ConfigLayers layers, List<String> vaultNames) {
        for (String key : layers.fileKeys()) {
            if (ConfigKeys.DEFAULTS.containsKey(key)) {
                continue;
            }
            String where = " in " + layers.file().orElseThrow();
            if (key.startsWith(ConfigKeys.VAULT_PREFIX)) {
                String rest = key.substring(ConfigKeys.VAULT_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && ConfigKeys.VAULT_SUFFIXES.contains(rest.substring(dot + 1))) {
                    String name = rest.substring(0, dot);
                    if (vaultNames.contains(name)) {
                        continue;
                    }
                    throw new ConfigException("setting '" + key + "'" + where + " configures vault " + name + ", which "
                            + ConfigKeys.KMS_VAULTS + " (" + layers.getOrDefault(ConfigKeys.KMS_VAULTS).text() + ") does not list");
                }
                throw new ConfigException("unknown setting '" + key + "'" + where + " (a vault's settings are "
                        + ConfigKeys.VAULT_PREFIX + "<name>." + String.join(", ", ConfigKeys.VAULT_SUFFIXES) + ")");
            }
            throw new ConfigException("unknown setting '" + key + "'" + where
                    + ConfigKeys.suggestion(key).map(s -> " (did you mean " + s + "?)").orElse(""));
        }
    }

    private static List<ConfigValue> effective(ConfigLayers layers, List<String> vaultNames) {
        List<ConfigValue> values = new ArrayList<>();
        for (String key : ConfigKeys.DEFAULTS.keySet()) {
            if (key.equals(ConfigKeys.KMS_EMBEDDED_COUNT) && !vaultNames.isEmpty()) {
                continue;
            }
            values.add(layers.getOrDefault(key));
        }
        for (String name : vaultNames) {
            for (String suffix : ConfigKeys.VAULT_SUFFIXES) {
                String key = ConfigKeys.vaultKey(name, suffix);
                String fallback = suffix.equals(ConfigKeys.VAULT_TIMEOUT) ? HttpVaultClient.DEFAULT_TIMEOUT.toSeconds() + "s" : "";
                values.add(layers.get(key).orElseGet(() -> ConfigValue.ofDefault(key, fallback)));
            }
        }
        return values;
    }

    /** Every setting as {@code key = value  (source)}, one per line; no secrets (there are none here). */
    public List<String> describe() {
        return effective.stream()
                .map(v -> v.key() + " = " + (v.text().isEmpty() ? "(not set)" : v.text()) + "  (" + v.source() + ")")
                .toList();
    }

    /**
     * What the server runs with. For the embedded database this creates its credentials file, so call
     * it once the data directory exists.
     *
     * @param environment where the database and mail relay password variables are looked up
     */
    public ServerSettings settings(Path dataDir, Optional<char[]> caPassword, Map<String, String> environment) {
        DatabaseConfig db = database.config(dataDir, environment, DatabaseConfig.DEFAULT_POOL_SIZE);
        return new ServerSettings(dataDir, db, host, port, publicUrl, caPassword, algorithm, kms,
                new EnrollmentSettings(mail.smtp(environment), validation, renewalWindow), identity, http.settings(environment), directory);
    }
}
