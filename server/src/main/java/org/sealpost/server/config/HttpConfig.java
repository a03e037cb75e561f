package org.sealpost.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.server.http.HttpSettings;
import org.sealpost.server.http.TlsConnector;
import org.sealpost.server.http.TlsSettings;

/**
 * The {@code http.*} settings as configured: the body limit and, for HTTPS, the keystore and the
 * name of the environment variable holding its password (never the password).
 *
 * @param maxRequestBytes the largest request body
 * @param keystore        the PKCS#12 keystore; empty serves plain HTTP
 * @param passwordEnv     the environment variable holding the keystore password
 * @param alias           the key entry to serve; empty takes the only one
 * @param trustForwarded  whether client address and scheme come from a proxy's forwarding headers
 * @param apiUrl          the base URL devices call the API at, when it is not the default
 */
public record HttpConfig(long maxRequestBytes, Optional<Path> keystore, String passwordEnv, Optional<String> alias,
        boolean trustForwarded, Optional<String> apiUrl) {
    /** The smallest limit that still takes a CSR with its JSON around it. */
    static final long MIN_REQUEST_BYTES = 4 * 1024;
    /** Nothing the API takes comes near this; larger limits only help floods. */
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    public HttpConfig {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /**
     * Reads and checks the settings; with a keystore, opens it with the password from the environment
     * so that a wrong file or password stops the start before anything is created.
     *
     * @throws ConfigException naming the setting that cannot be used
     */
    static HttpConfig read(ConfigLayers layers) {
        long max = layers.getOrDefault(ConfigKeys.HTTP_MAX_REQUEST_BYTES).asSize(MIN_REQUEST_BYTES, MAX_REQUEST_BYTES);
        Optional<ConfigValue> keystore = layers.get(ConfigKeys.HTTP_TLS_KEYSTORE);
        ConfigValue passwordEnv = layers.getOrDefault(ConfigKeys.HTTP_TLS_KEYSTORE_PASSWORD_ENV);
        Optional<String> alias = layers.get(ConfigKeys.HTTP_TLS_ALIAS).map(ConfigValue::text);
        boolean trustForwarded = layers.getOrDefault(ConfigKeys.HTTP_TRUST_FORWARDED).asBoolean();
        Optional<String> apiUrl = layers.get(ConfigKeys.HTTP_API_URL).filter(v -> !v.text().isBlank()).map(HttpConfig::apiUrl);
        HttpConfig config = new HttpConfig(max, keystore.map(ConfigValue::asPath), passwordEnv.text(), alias, trustForwarded,
                apiUrl);
        if (keystore.isPresent()) {
            if (!layers.environment().containsKey(passwordEnv.text())) {
                throw passwordEnv.invalid("environment variable " + passwordEnv.text() + " is not set (it holds the password of "
                        + ConfigKeys.HTTP_TLS_KEYSTORE + ")");
            }
            try {
                TlsConnector.check(config.tls(layers.environment()).orElseThrow());
            } catch (IllegalArgumentException e) {
                throw keystore.get().invalid(e.getMessage());
            }
        } else if (alias.isPresent()) {
            throw layers.get(ConfigKeys.HTTP_TLS_ALIAS).orElseThrow().invalid("needs " + ConfigKeys.HTTP_TLS_KEYSTORE);
        }
        return config;
    }

    /** The HTTP settings, with the keystore password read from {@code environment}. */
    public HttpSettings settings(Map<String, String> environment) {
        return new HttpSettings(maxRequestBytes, tls(environment), trustForwarded, apiUrl);
    }

    /** An absolute http(s) URL without query or fragment: what device tokens name in {@code htu}. */
    private static String apiUrl(ConfigValue value) {
        String text = value.text().strip();
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw value.invalid("use an http(s) URL such as https://mail.example.org, without query or fragment");
            }
        } catch (URISyntaxException e) {
            throw value.invalid("not a URL: " + e.getReason());
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private Optional<TlsSettings> tls(Map<String, String> environment) {
        return keystore.map(file -> {
            String password = environment.get(passwordEnv);
            if (password == null) {
                throw new ConfigException("environment variable " + passwordEnv + " is not set (it holds the password of "
                        + ConfigKeys.HTTP_TLS_KEYSTORE + ")");
            }
            return new TlsSettings(file, password.toCharArray(), alias);
        });
    }
}
