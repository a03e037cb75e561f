package org.sealpost.storage.audit;

import java.time.Instant;

/**
 * One stored audit record.
 *
 * @param seq      position in the chain, 1 for the first record, without gaps
 * @param time     when it was appended (microsecond precision, which both databases store exactly)
 * @param actor    see {@link AuditEvent#actor()}
 * @param action   see {@link AuditEvent#action()}
 * @param subject  see {@link AuditEvent#subject()}
 * @param details  see {@link AuditEvent#details()}
 * @param prevHash hex SHA-256 of the previous record ({@link ChainHash#GENESIS} for record 1)
 * @param hash     hex SHA-256 over this record, see {@link ChainHash}
 */
public record AuditRecord(long seq, Instant time, String actor, String action, String subject, String details,
                          String prevHash, String hash) {

    /** The event this record holds. */
    public AuditEvent event() {
        return new AuditEvent(actor, action, subject, details);
    }
}
