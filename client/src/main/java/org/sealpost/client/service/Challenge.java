package org.sealpost.client.service;

import java.time.Instant;

/** An enrollment started: the service mailed the other half of the challenge to {@code address}. */
public record Challenge(String enrollment, String address, String token, Instant expiresAt) {
    @Override
    public String toString() {
        return "Challenge[" + enrollment + ", " + address + ", token=<redacted>]";
    }
}
