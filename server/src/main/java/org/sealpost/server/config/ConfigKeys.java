package org.sealpost.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the server's configuration file and their defaults. Every key may also be set by an
 * environment variable ({@link #environmentVariable}) and some by command-line flags.
 */
public final class ConfigKeys {
    public static final String LISTEN_HOST = "listen.host";
    public static final String LISTEN_PORT = "listen.port";
    public static final String PUBLIC_URL = "public-url";
    public static final String DB_URL = "db.url";
    public static final String DB_USER = "db.user";
    public static final String DB_PASSWORD_ENV = "db.password-env";
    public static final String CA_ALGORITHM = "ca.algorithm";
    public static final String KMS_VAULTS = "kms.vaults";
    public static final String KMS_EMBEDDED_COUNT = "kms.embedded.count";
    public static final String KMS_THRESHOLD = "kms.threshold";
    public static final String KMS_KEY_SPEC = "kms.key-spec";
    public static final String KMS_POOL_SIZE = "kms.pool.size";
    public static final String KMS_POOL_THREADS = "kms.pool.threads";
    public static final String KMS_CLEANUP_INTERVAL = "kms.cleanup.interval";
    public static final String KMS_CLEANUP_OLDER_THAN = "kms.cleanup.older-than";
    public static final String KMS_CLIENT_IDENTITY = "kms.client-identity";
    public static final String KMS_CLIENT_IDENTITY_PASSWORD_ENV = "kms.client-identity.password-env";
    public static final String HTTP_MAX_REQUEST_BYTES = "http.max-request-bytes";
    public static final String HTTP_TLS_KEYSTORE = "http.tls.keystore";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD_ENV = "http.tls.keystore-password-env";
    public static final String HTTP_TLS_ALIAS = "http.tls.alias";
    public static final String HTTP_TRUST_FORWARDED = "http.trust-forwarded-headers";
    public static final String HTTP_API_URL = "http.api-url";
    public static final String MAIL_RELAY_HOST = "mail.relay.host";
    public static final String MAIL_RELAY_PORT = "mail.relay.port";
    public static final String MAIL_RELAY_SECURITY = "mail.relay.security";
    public static final String MAIL_RELAY_USERNAME = "mail.relay.username";
    public static final String MAIL_RELAY_PASSWORD_ENV = "mail.relay.password-env";
    public static final String MAIL_SENDER = "mail.sender";
    public static final String VALIDATION_CHALLENGE_LIFETIME = "validation.challenge-lifetime";
    public static final String VALIDATION_MAX_WRONG_ANSWERS = "validation.max-wrong-answers";
    public static final String VALIDATION_PER_ADDRESS = "validation.per-address";
    public static final String VALIDATION_PER_CLIENT = "validation.per-client";
    public static final String ENROLL_RENEWAL_WINDOW = "enroll.renewal-window";
    public static final String IDENTITY_DNS_RESOLVER = "identity.dns-resolver";
    public static final String IDENTITY_DNS_TIMEOUT = "identity.dns-timeout";
    public static final String DIRECTORY_TRUST_STORE = "directory.trust-store";
    public static final String DIRECTORY_RATE_ANONYMOUS = "directory.rate.anonymous";
    public static final String DIRECTORY_RATE_DEVICE = "directory.rate.device";
    public static final String DIRECTORY_RATE_BUSINESS = "directory.rate.business";
    public static final String DIRECTORY_PROVISIONAL_RATE = "directory.provisional.rate";
    public static final String DIRECTORY_PROVISIONAL_RATE_BUSINESS = "directory.provisional.rate.business";
    public static final String DIRECTORY_PROVISIONAL_LIFETIME = "directory.provisional.lifetime";
    public static final String DIRECTORY_BATCH_MAX = "directory.batch.max";
    public static final String DIRECTORY_CACHE_MAX_AGE = "directory.cache.max-age";
    public static final String DIRECTORY_MAINTENANCE_INTERVAL = "directory.maintenance.interval";
    public static final String DIRECTORY_RECHECK_INTERVAL = "directory.recheck.interval";

    /** {@code kms.vaults} for vaults in this process. */
    public static final String EMBEDDED = "embedded";

    /** The prefix of one remote vault's keys: {@code kms.vault.<name>.<suffix>}. */
    static final String VAULT_PREFIX = "kms.vault.";
    static final String VAULT_URL = "url";
    static final String VAULT_TOKEN_FILE = "token-file";
    static final String VAULT_TIMEOUT = "timeout";
    static final String VAULT_TLS_PINS = "tls-pins";
    /**
     * The keys of one remote vault, after {@code kms.vault.<name>.}. Transport security settings of a
     * vault (e.g. {@code tls.*} for mutual TLS) belong here too, parsed in {@link KmsConfig#remoteVault}.
     */
    static final List<String> VAULT_SUFFIXES = List.of(VAULT_URL, VAULT_TOKEN_FILE, VAULT_TIMEOUT, VAULT_TLS_PINS);

    /** Every fixed key and its default as written in a file (empty: no default), in the order they are shown. */
    static final Map<String, String> DEFAULTS = defaults();

    private ConfigKeys() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(LISTEN_HOST, "127.0.0.1");
        d.put(LISTEN_PORT, "8080");
        d.put(PUBLIC_URL, "");
        d.put(DB_URL, "");
        d.put(DB_USER, "");
        d.put(DB_PASSWORD_ENV, "");
        d.put(CA_ALGORITHM, "ec");
        d.put(KMS_VAULTS, EMBEDDED);
        d.put(KMS_EMBEDDED_COUNT, "2");
        d.put(KMS_THRESHOLD, "2");
        d.put(KMS_KEY_SPEC, "rsa-2048");
        d.put(KMS_POOL_SIZE, "50");
        d.put(KMS_POOL_THREADS, "1");
        d.put(KMS_CLEANUP_INTERVAL, "5m");
        d.put(KMS_CLEANUP_OLDER_THAN, "15m");
        d.put(KMS_CLIENT_IDENTITY, "");
        d.put(KMS_CLIENT_IDENTITY_PASSWORD_ENV, "SEALPOST_VAULT_CLIENT_PASSWORD");
        d.put(HTTP_MAX_REQUEST_BYTES, "64KiB");
        d.put(HTTP_TLS_KEYSTORE, "");
        d.put(HTTP_TLS_KEYSTORE_PASSWORD_ENV, "SEALPOST_TLS_KEYSTORE_PASSWORD");
        d.put(HTTP_TLS_ALIAS, "");
        d.put(HTTP_TRUST_FORWARDED, "false");
        d.put(HTTP_API_URL, "");
        d.put(MAIL_RELAY_HOST, "localhost");
        d.put(MAIL_RELAY_PORT, "25");
        d.put(MAIL_RELAY_SECURITY, "starttls");
        d.put(MAIL_RELAY_USERNAME, "");
        d.put(MAIL_RELAY_PASSWORD_ENV, "");
        d.put(MAIL_SENDER, "");
        d.put(VALIDATION_CHALLENGE_LIFETIME, "24h");
        d.put(VALIDATION_MAX_WRONG_ANSWERS, "3");
        d.put(VALIDATION_PER_ADDRESS, "5/1h");
        d.put(VALIDATION_PER_CLIENT, "30/1h");
        d.put(ENROLL_RENEWAL_WINDOW, "30d");
        d.put(IDENTITY_DNS_RESOLVER, "");
        d.put(IDENTITY_DNS_TIMEOUT, "5s");
        d.put(DIRECTORY_TRUST_STORE, "");
        d.put(DIRECTORY_RATE_ANONYMOUS, "60/min");
        d.put(DIRECTORY_RATE_DEVICE, "600/min");
        d.put(DIRECTORY_RATE_BUSINESS, "6000/min");
        d.put(DIRECTORY_PROVISIONAL_RATE, "20/h");
        d.put(DIRECTORY_PROVISIONAL_RATE_BUSINESS, "1000/h");
        d.put(DIRECTORY_PROVISIONAL_LIFETIME, "90d");
        d.put(DIRECTORY_BATCH_MAX, "100");
        d.put(DIRECTORY_CACHE_MAX_AGE, "60s");
        d.put(DIRECTORY_MAINTENANCE_INTERVAL, "1h");
        d.put(DIRECTORY_RECHECK_INTERVAL, "1d");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** {@code kms.vault.<name>.<suffix>}. */
    static String vaultKey(String name, String suffix) {
        return VAULT_PREFIX + name + "." + suffix;
    }

    /**
     * The environment variable that overrides {@code key}: {@code SEALPOST_} and the key in upper
     * case with {@code .} and {@code -} as {@code _}, e.g. {@code SEALPOST_KMS_THRESHOLD}.
     */
    public static String environmentVariable(String key) {
        return "SEALPOST_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The fixed key closest to a mistyped one, when one is close. */
    static Optional<String> suggestion(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : DEFAULTS.keySet()) {
            int d = distance(unknown, key);
            if (d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, unknown.length() / 4) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
