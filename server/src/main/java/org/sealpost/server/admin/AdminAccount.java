package org.sealpost.server.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin account (no secret: the token's hash stays in the database).
 *
 * @param name       unique, {@code [a-z0-9._-]}; audit records name it as {@code admin:<name>}
 * @param role       what it may do
 * @param domain     the org admin's mail domain (lower-case A-label); empty for operators
 * @param createdAt  when it was created
 * @param createdBy  who created it
 * @param disabledAt when it was disabled; empty while it is active
 */
public record AdminAccount(String name, AdminRole role, Optional<String> domain, Instant createdAt, String createdBy,
        Optional<Instant> disabledAt) {

    public AdminAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }

    /** The actor in audit records. */
    public String actor() {
        return "admin:" + name;
    }

    /** Whether it can still authenticate. */
    public boolean active() {
        return disabledAt.isEmpty();
    }
}
