package org.sealpost.client.account;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's directory ({@code --home}, else {@code SEALPOST_HOME}, else {@code ~/.sealpost}): the
 * account settings (no secrets), the encrypted local store, and caches of public data.
 */
public record ClientHome(Path dir) {
    /** The environment variable that names the home when {@code --home} is not given. */
    public static final String ENV = "SEALPOST_HOME";

    public ClientHome {
        Objects.requireNonNull(dir, "dir");
    }

    /** {@code option}, else {@code $SEALPOST_HOME}, else {@code ~/.sealpost}. */
    public static ClientHome resolve(Optional<Path> option, Map<String, String> env) {
        if (option.isPresent()) {
            return new ClientHome(option.get());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ClientHome(Path.of(fromEnv));
        }
        return new ClientHome(Path.of(System.getProperty("user.home"), ".sealpost"));
    }

    /** The account settings: address, mail servers, service URL. Public information only. */
    public Path settingsFile() {
        return dir.resolve("account.json");
    }

    /** The encrypted store: mail password, device key, encryption key history. */
    public Path storeFile() {
        return dir.resolve("store.sealpost");
    }

    /**
     * Names the device this home removed from the address ({@code sealpost devices revoke} of itself):
     * public information, so it lives outside the store and is read before anything is asked.
     */
    public Path removedDeviceFile() {
        return dir.resolve("device-removed");
    }

    /** Directory answers cached for a while (public certificates and keys). */
    public Path directoryCache() {
        return dir.resolve("directory-cache.json");
    }
}
