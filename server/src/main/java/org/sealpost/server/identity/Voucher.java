package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * An org admin's word for an employee: the person at {@code address} has this name and title.
 *
 * @param address   look-up form, in {@code domain}
 * @param domain    the organization's mail domain
 * @param details   given name, surname, title
 * @param vouchedBy the org admin
 * @param vouchedAt when
 */
public record Voucher(String address, String domain, SubjectDetails details, String vouchedBy, Instant vouchedAt) {
    public Voucher {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(vouchedBy, "vouchedBy");
        Objects.requireNonNull(vouchedAt, "vouchedAt");
    }
}
