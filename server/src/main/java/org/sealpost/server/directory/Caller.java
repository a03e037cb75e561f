package org.sealpost.server.directory;

import java.util.Objects;

/**
 * Who is asking the directory, as far as rate limits care.
 *
 * @param tier which quota applies
 * @param id   the bucket key within the tier: the client's IP address, or the device's address
 */
record Caller(Tier tier, String id) {
    /**
     * The quota classes. The gateway's business API keys are to become a third tier with the largest
     * quota; a caller authenticated by one would carry the key's id here.
     */
    enum Tier {
        ANONYMOUS,
        DEVICE
    }

    Caller {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(id, "id");
    }
}
