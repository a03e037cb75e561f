package org.sealpost.client.service;

import java.time.Instant;
import java.util.Optional;

/** A device of the address as the service lists it; {@code current} marks the calling device. */
public record DeviceInfo(String id, String name, String address, String level, Instant enrolledAt,
                         Optional<Instant> revokedAt, boolean current) {
}
