package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An organization and its mail domain.
 *
 * @param domain       the mail domain, lower-case A-label
 * @param details      organization name, locality, state, country
 * @param status       where it stands
 * @param validatedAt  when control of the domain was proven
 * @param validatedHow how: {@code mail:postmaster@example.org} or {@code dns:_sealpost-challenge.example.org}
 * @param submittedBy  the org admin who submitted the details
 * @param decidedBy    the operator who approved or rejected them
 * @param reason       why they were rejected
 */
public record Organization(String domain, SubjectDetails details, OrgStatus status, Optional<Instant> validatedAt,
        Optional<String> validatedHow, String submittedBy, Optional<String> decidedBy, Optional<String> reason) {

    public Organization {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(validatedAt, "validatedAt");
        Objects.requireNonNull(validatedHow, "validatedHow");
        Objects.requireNonNull(submittedBy, "submittedBy");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether V3 and V4 certificates may be issued for its domain. */
    public boolean verified() {
        return status == OrgStatus.APPROVED && validatedAt.isPresent();
    }
}
