package org.sealpost.storage.audit;

import java.util.Objects;

/**
 * What happened, before it is recorded.
 *
 * @param actor   who did it (an operator, an account, a component such as {@code "ca"}); not blank
 * @param action  what was done, a short stable verb such as {@code "certificate.issue"}; not blank
 * @param subject what it was done to (a serial number, an address); empty when there is none
 * @param details free text or JSON; empty when there is none
 */
public record AuditEvent(String actor, String action, String subject, String details) {

    public AuditEvent {
        requireText(actor, "actor");
        requireText(action, "action");
        // null and "" would hash alike after a round trip through some drivers, so store "" only.
        subject = Objects.requireNonNullElse(subject, "");
        details = Objects.requireNonNullElse(details, "");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit event " + name + " must not be blank");
        }
    }
}
