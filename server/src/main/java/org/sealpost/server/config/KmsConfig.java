package org.sealpost.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sealpost.core.keys.Identity;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.RemoteVault;
import org.sealpost.server.keys.TokenFile;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/** Reads the {@code kms.*} keys into {@link KmsSettings}. */
final class KmsConfig {
    private final ConfigLayers layers;

    KmsConfig(ConfigLayers layers) {
        this.layers = layers;
    }

    /**
     * The names listed in {@code kms.vaults}; empty for {@code embedded}.
     *
     * @throws ConfigException when the list is malformed
     */
    List<String> vaultNames() {
        ConfigValue vaults = layers.getOrDefault(ConfigKeys.KMS_VAULTS);
        if (vaults.text().equals(ConfigKeys.EMBEDDED)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : vaults.text().split("\\s*,\\s*", -1)) {
            if (name.equals(ConfigKeys.EMBEDDED)) {
                throw vaults.invalid("'embedded' stands alone: either vaults in this process or a list of remote vaults");
            }
            if (!RemoteVault.NAME.matcher(name).matches()) {
                throw vaults.invalid("'" + name + "' is not a vault name (1 to 32 lower-case letters, digits and '-')");
            }
            if (!names.add(name)) {
                throw vaults.invalid("vault " + name + " is listed twice");
            }
        }
        if (names.size() < 2) {
            throw vaults.invalid("list at least 2 vaults (one vault alone would hold whole keys), or 'embedded'");
        }
        return List.copyOf(names);
    }

    /**
     * The key service's settings.
     *
     * @param names what {@link #vaultNames()} returned
     * @throws ConfigException naming the first key that cannot be used
     */
    KmsSettings settings(List<String> names) {
        VaultTopology topology = names.isEmpty() ? embedded() : remote(names);
        ConfigValue threshold = layers.getOrDefault(ConfigKeys.KMS_THRESHOLD);
        int k = threshold.asInt(2, VaultTopology.MAX_VAULTS);
        if (k > topology.size()) {
            throw threshold.invalid("more than the " + topology.size() + " vaults configured ("
                    + layers.getOrDefault(ConfigKeys.KMS_VAULTS).text()
                    + (names.isEmpty() ? ", " + ConfigKeys.KMS_EMBEDDED_COUNT + " = " + topology.size() : "")
                    + "): no key could ever be rebuilt");
        }
        KeySpec keySpec = layers.getOrDefault(ConfigKeys.KMS_KEY_SPEC)
                .asNamed(KeySpec::fromSettingName, "rsa-2048, rsa-3072, ec-p256 or ec-p384");
        int poolSize = layers.getOrDefault(ConfigKeys.KMS_POOL_SIZE).asInt(0, KeyPoolSettings.MAX_TARGET);
        int poolThreads = layers.getOrDefault(ConfigKeys.KMS_POOL_THREADS).asInt(1, 64);
        KeyPoolSettings pool = new KeyPoolSettings(poolSize == 0 ? Map.of() : Map.of(keySpec, poolSize), poolThreads);
        Duration interval = layers.getOrDefault(ConfigKeys.KMS_CLEANUP_INTERVAL).asDuration();
        Duration olderThan = layers.getOrDefault(ConfigKeys.KMS_CLEANUP_OLDER_THAN).asDuration();
        return new KmsSettings(topology, k, keySpec, pool, interval, olderThan);
    }

    private VaultTopology embedded() {
        return new VaultTopology.Embedded(layers.getOrDefault(ConfigKeys.KMS_EMBEDDED_COUNT).asInt(2, VaultTopology.MAX_VAULTS));
    }

    private VaultTopology remote(List<String> names) {
        layers.get(ConfigKeys.KMS_EMBEDDED_COUNT).ifPresent(count -> {
            throw count.invalid("applies only to " + ConfigKeys.KMS_VAULTS + " = " + ConfigKeys.EMBEDDED);
        });
        List<RemoteVault> vaults = new ArrayList<>(names.size());
        for (String name : names) {
            vaults.add(remoteVault(name));
        }
        return new VaultTopology.Remote(vaults);
    }

    /**
     * One remote vault's keys ({@link ConfigKeys#VAULT_SUFFIXES}). The token file is read here once,
     * so that a missing or unsafe one is reported before anything starts, and wiped at once.
     */
    RemoteVault remoteVault(String name) {
        ConfigValue url = required(ConfigKeys.vaultKey(name, ConfigKeys.VAULT_URL), name);
        ConfigValue tokenFile = required(ConfigKeys.vaultKey(name, ConfigKeys.VAULT_TOKEN_FILE), name);
        try {
            Arrays.fill(TokenFile.read(tokenFile.asPath()), '\0');
        } catch (IllegalArgumentException e) {
            throw tokenFile.invalid(e.getMessage());
        }
        Duration timeout = layers.get(ConfigKeys.vaultKey(name, ConfigKeys.VAULT_TIMEOUT))
                .map(ConfigValue::asDuration).orElse(HttpVaultClient.DEFAULT_TIMEOUT);
        URI base = url.asHttpUrl();
        Optional<ConfigValue> pins = layers.get(ConfigKeys.vaultKey(name, ConfigKeys.VAULT_TLS_PINS));
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            pins.ifPresent(p -> {
                throw p.invalid("applies only to an https:// vault URL");
            });
            return new RemoteVault(name, base, tokenFile.asPath(), timeout);
        }
        return new RemoteVault(name, base, tokenFile.asPath(), timeout, Optional.of(vaultTls(name, pins)));
    }

    /** Mutual TLS to an https vault: its pins, and the key service's client identity (checked readable here). */
    private RemoteVault.VaultTls vaultTls(String name, Optional<ConfigValue> pinsValue) {
        ConfigValue pins = pinsValue.orElseThrow(() -> new ConfigException(ConfigKeys.vaultKey(name, ConfigKeys.VAULT_TLS_PINS)
                + " is not set: vault " + name + " has an https URL; give the SHA-256 pin(s) of its TLS certificate"
                + " (printed by `sealpost vault init` and `sealpost vault tls-cert`), comma-separated"));
        Set<CertificatePin> parsed = new LinkedHashSet<>();
        for (String pin : pins.text().split(",")) {
            try {
                parsed.add(CertificatePin.parse(pin.strip()));
            } catch (IllegalArgumentException e) {
                throw pins.invalid(e.getMessage());
            }
        }
        ConfigValue identity = layers.get(ConfigKeys.KMS_CLIENT_IDENTITY).filter(v -> !v.text().isBlank())
                .orElseThrow(() -> new ConfigException(ConfigKeys.KMS_CLIENT_IDENTITY + " is not set: vault " + name
                        + " has an https URL, and the key service needs its client certificate (PKCS#12, made by"
                        + " `sealpost vault client-identity`)"));
        return new RemoteVault.VaultTls(parsed, clientIdentity(identity));
    }

    /** The key service's client identity, read once for all vaults' checks; its password comes from the environment. */
    private Identity clientIdentity(ConfigValue file) {
        ConfigValue passwordEnv = layers.getOrDefault(ConfigKeys.KMS_CLIENT_IDENTITY_PASSWORD_ENV);
        String password = layers.environment().get(passwordEnv.text());
        if (password == null || password.isEmpty()) {
            throw passwordEnv.invalid("the environment variable " + passwordEnv.text()
                    + " is not set: it must hold the password of " + ConfigKeys.KMS_CLIENT_IDENTITY);
        }
        char[] chars = password.toCharArray();
        try {
            return TlsKeyStoreFile.read(file.asPath(), chars);
        } catch (VaultException e) {
            throw file.invalid(e.getMessage());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private ConfigValue required(String key, String vault) {
        return layers.get(key).orElseThrow(() -> new ConfigException(key + " is not set: vault " + vault + " is listed in "
                + ConfigKeys.KMS_VAULTS + " and needs its " + key.substring(key.lastIndexOf('.') + 1)
                + " (or " + ConfigKeys.environmentVariable(key) + ")"));
    }
}
