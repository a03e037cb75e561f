package org.sealpost.server.identity;

import java.util.Objects;

/**
 * What became of a device's request.
 *
 * @param request the request
 * @param created false when the device already held an identical certificate of that level and got its request back
 */
public record Submitted(IdentityRequest request, boolean created) {
    public Submitted {
        Objects.requireNonNull(request, "request");
    }
}
