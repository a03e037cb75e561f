package org.sealpost.server.identity;

/**
 * The outcome of work inside a transaction that may refuse: the refusal is returned rather than
 * thrown, so that the transaction commits what it audited and the caller throws afterwards.
 */
sealed interface Decision<T> {
    record Done<T>(T value) implements Decision<T> {
    }

    record Refused<T>(IdentityProblem problem) implements Decision<T> {
    }

    static <T> Decision<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Decision<T> refused(IdentityProblem problem) {
        return new Refused<>(problem);
    }

    /** The value, or the refusal thrown. */
    default T get() throws IdentityProblem {
        return switch (this) {
            case Done<T> done -> done.value();
            case Refused<T> refused -> throw refused.problem();
        };
    }
}
