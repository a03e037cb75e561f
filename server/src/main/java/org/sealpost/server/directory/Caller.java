package org.sealpost.server.directory;

import java.util.Objects;

/**
 * Who is asking the directory, as far as quotas care.
 *
 * @param tier   which quota applies
 * @param id     the bucket key within the tier: the client's IP address, the device's address, or the API key's id
 * @param sender who asks for provisional keys, as the directory records it: the device's address, or
 *               {@code apikey:<name>}; for anonymous callers (who may not ask) their IP address
 */
record Caller(Tier tier, String id, String sender) {
    /** The quota classes, smallest first. */
    enum Tier {
        /** No credentials: a small quota per client IP address. */
        ANONYMOUS,
        /** An enrolled device's token: a larger quota per address. */
        DEVICE,
        /** A business API key (e.g. the gateway's): the largest quota, per key. */
        BUSINESS
    }

    Caller {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
    }

    static Caller anonymous(String ip) {
        return new Caller(Tier.ANONYMOUS, ip, ip);
    }

    static Caller device(String address) {
        return new Caller(Tier.DEVICE, address, address);
    }

    static Caller business(org.sealpost.server.apikey.ApiKey key) {
        return new Caller(Tier.BUSINESS, key.id(), key.actor());
    }
}
