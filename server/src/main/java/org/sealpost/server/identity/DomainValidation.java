package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain-control validation an org admin started.
 *
 * @param id        128 random bits, base64url
 * @param domain    the mail domain
 * @param method    {@code mail} or {@code dns}
 * @param target    the mailbox mailed, or the TXT record's name
 * @param token     what the admin needs to finish: the https token part of a mail challenge, or the
 *                  TXT value to publish; present only in the answer that starts it
 * @param status    {@code open} or {@code validated}
 * @param expiresAt it cannot be finished from then on
 */
public record DomainValidation(String id, String domain, String method, String target, Optional<String> token,
        String status, Instant expiresAt) {

    public static final String MAIL = "mail";
    public static final String DNS = "dns";

    public DomainValidation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "DomainValidation[" + id + ", " + domain + ", " + method + " " + target + ", " + status + "]";
    }
}
