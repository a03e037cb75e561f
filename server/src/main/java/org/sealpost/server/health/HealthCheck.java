package org.sealpost.server.health;

/** One component's answer to "can you serve?". */
@FunctionalInterface
public interface HealthCheck {

    /** Checks the component; must be quick and must not throw. */
    Status check();

    /**
     * @param healthy whether the component can serve
     * @param detail  a short note for operators (no secrets)
     */
    record Status(boolean healthy, String detail) {
        public static Status ok(String detail) {
            return new Status(true, detail);
        }

        public static Status failing(String detail) {
            return new Status(false, detail);
        }
    }
}
