package org.sealpost.kms.recovery;

import java.util.Locale;

/** What a recovery officer signs for a request: its approval, or a denial that closes the request. */
public enum Decision {
    /** The officer agrees that the request's keys are released to its transport key. */
    APPROVE,
    /** The officer vetoes the request: it is closed and can never be released. */
    DENY;

    /** The word in the signed statement and in the database: {@code approve} or {@code deny}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The decision written as {@code word}. */
    public static Decision fromWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
