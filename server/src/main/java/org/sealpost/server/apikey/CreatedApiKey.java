package org.sealpost.server.apikey;

import java.util.Objects;

/**
 * A new API key and its secret, which is shown this once and never stored.
 *
 * @param key    the key's record
 * @param secret {@code spk_...}, sent as {@code Authorization: Bearer <secret>}; kept out of {@link #toString()}
 */
public record CreatedApiKey(ApiKey key, String secret) {
    public CreatedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "CreatedApiKey[" + key + ", secret=(redacted)]";
    }
}
