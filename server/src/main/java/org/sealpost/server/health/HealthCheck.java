package org.sealpost.server.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One component's answer to "can you serve?". */
@FunctionalInterface
public interface HealthCheck {

    /** Checks the component; must be quick and must not throw. */
    Status check();

    /** {@link #check()}, with a check that throws anyway counted as failing (named by its exception type only). */
    default Status checkSafely() {
        try {
            return check();
        } catch (RuntimeException e) {
            return Status.failing(e.getClass().getSimpleName());
        }
    }

    /**
     * How well a component serves. The server's overall state is the worst of its components'.
     */
    enum State {
        /** Serves fully. */
        OK,
        /**
         * Serves what it is asked for, with less redundancy or with a function missing (e.g. 2-of-3
         * vaults: keys are released, but new keys cannot be made). Operators should act; a load
         * balancer should keep routing to it.
         */
        DEGRADED,
        /** Cannot serve. */
        FAILING;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        State worse(State other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /**
     * @param status     how well the component serves
     * @param detail     a short note for operators (no secrets)
     * @param components the parts it is made of (e.g. the key service's vaults), by name; their
     *                   states are already summed up in {@code status}
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Status(State status, String detail, Map<String, Status> components) {
        public Status {
            Objects.requireNonNull(status, "status");
            components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        }

        public static Status ok(String detail) {
            return new Status(State.OK, detail, Map.of());
        }

        public static Status degraded(String detail) {
            return new Status(State.DEGRADED, detail, Map.of());
        }

        public static Status failing(String detail) {
            return new Status(State.FAILING, detail, Map.of());
        }

        /** This status with {@code parts} reported beneath it. */
        public Status withComponents(Map<String, Status> parts) {
            return new Status(status, detail, parts);
        }
    }
}
