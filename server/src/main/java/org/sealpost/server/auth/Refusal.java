package org.sealpost.server.auth;

/**
 * A failed check on the way through {@link DeviceAuthenticator}: thrown by the checks and turned
 * into a {@link DeviceAuthResult.Refused} in one place, so that it never leaves the package.
 */
final class Refusal extends Exception {
    private final RefusalReason reason;

    Refusal(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }

    DeviceAuthResult.Refused result() {
        return new DeviceAuthResult.Refused(reason, getMessage());
    }
}
