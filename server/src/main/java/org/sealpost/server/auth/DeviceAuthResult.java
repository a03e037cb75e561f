package org.sealpost.server.auth;

import java.util.Objects;

/** The verdict on one request's device token. */
public sealed interface DeviceAuthResult {

    /** The token is valid: the request comes from this device. */
    record Authenticated(AuthenticatedDevice device) implements DeviceAuthResult {
        public Authenticated {
            Objects.requireNonNull(device, "device");
        }
    }

    /**
     * The token is refused.
     *
     * @param message one sentence for the client and the operator; never contains the token
     */
    record Refused(RefusalReason reason, String message) implements DeviceAuthResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
