package org.sealpost.directory;

/**
 * The identity level a published certificate stands for, as answers name it. Certificates of this
 * service's CA carry the level of the validation behind them; harvested ones are
 * {@link #EXTERNAL}: another CA vouched for them, under rules this service does not know.
 */
public enum Level {
    /** Mailbox-validated. */
    V1,
    /** Individual-validated. */
    V2,
    /** Organization-validated. */
    V3,
    /** Sponsor-validated. */
    V4,
    /** Another CA's certificate, chained to the operator's trust store. */
    EXTERNAL;

    /** The database and API value: {@code V1}..{@code V4}, {@code external}. */
    public String value() {
        return this == EXTERNAL ? "external" : name();
    }

    static Level of(String value) {
        return "external".equals(value) ? EXTERNAL : valueOf(value);
    }
}
