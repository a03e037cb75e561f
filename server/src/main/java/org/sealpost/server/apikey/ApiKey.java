package org.sealpost.server.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A business API key of the directory (no secret: the key's hash stays in the database).
 *
 * @param id         128 random bits, base64url: the key's quota bucket
 * @param name       unique and never reused (keys are not deleted), {@code [a-z0-9._-]}, chosen by the operator
 *                   (e.g. {@code acme-gateway}); audit records name the key {@code apikey:<name>}
 * @param org        the mail domain of the organization it serves (lower-case A-label), if the operator named one
 * @param createdAt  when it was created
 * @param createdBy  who created it
 * @param disabledAt when it was disabled; empty while it is active
 * @param lastUsedAt when it last authenticated a request, to the minute; empty when never
 */
public record ApiKey(String id, String name, Optional<String> org, Instant createdAt, String createdBy,
        Optional<Instant> disabledAt, Optional<Instant> lastUsedAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(disabledAt, "disabledAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** How audit records and the directory's provisional-key records name it: {@code apikey:<name>}. */
    public String actor() {
        return "apikey:" + name;
    }

    /** Whether it can still authenticate. */
    public boolean active() {
        return disabledAt.isEmpty();
    }
}
