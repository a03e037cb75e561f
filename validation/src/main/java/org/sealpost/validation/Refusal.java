package org.sealpost.validation;

import java.time.Instant;
import java.util.Objects;

/** Why a challenge was not issued or an answer not accepted. {@link #code()} is stable, for APIs and audit records. */
public sealed interface Refusal {
    /** A short stable name of the refusal, such as {@code "expired"}. */
    String code();

    /** The request itself is unusable: a bad address, account key or client identifier. */
    record InvalidRequest(String field, String message) implements Refusal {
        public InvalidRequest {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String code() {
            return "invalid-request";
        }
    }

    /** Too many challenges for the address or from the client; a new one is allowed from {@code retryAt} on. */
    record RateLimited(Scope scope, Instant retryAt) implements Refusal {
        /** Which limit was reached. */
        public enum Scope { ADDRESS, CLIENT }

        public RateLimited {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public String code() {
            return "rate-limited";
        }
    }

    /** No answerable challenge has this id. */
    record Unknown() implements Refusal {
        @Override
        public String code() {
            return "unknown";
        }
    }

    /** The challenge's lifetime is over. */
    record Expired() implements Refusal {
        @Override
        public String code() {
            return "expired";
        }
    }

    /** The challenge was already answered; each is good for one validation. */
    record Used() implements Refusal {
        @Override
        public String code() {
            return "used";
        }
    }

    /**
     * The answer is wrong (wrong digest, or another address or account key than the challenge's).
     *
     * @param remainingTries answers left before the challenge is dead; 0 means it is dead now
     */
    record WrongAnswer(int remainingTries) implements Refusal {
        @Override
        public String code() {
            return "wrong-answer";
        }
    }

    /** The challenge died of too many wrong answers; a new one must be requested. */
    record Exhausted() implements Refusal {
        @Override
        public String code() {
            return "exhausted";
        }
    }
}
