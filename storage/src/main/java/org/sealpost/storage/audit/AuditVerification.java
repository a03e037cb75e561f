package org.sealpost.storage.audit;

/** The outcome of {@link AuditLog#verify()}. */
public sealed interface AuditVerification {

    /** Whether the chain is unbroken. */
    default boolean intact() {
        return this instanceof Intact;
    }

    /**
     * Every record links to its predecessor and matches its hash.
     *
     * @param records  number of records checked
     * @param headHash hash of the last record ({@link ChainHash#GENESIS} when the log is empty);
     *                 keeping a copy elsewhere lets a later check detect a rewritten chain too
     */
    record Intact(long records, String headHash) implements AuditVerification {
    }

    /**
     * The first place where the chain does not hold.
     *
     * @param seq    the first record that is missing, altered, or does not link to its predecessor
     * @param reason what is wrong, for an operator
     */
    record Broken(long seq, String reason) implements AuditVerification {
    }
}
