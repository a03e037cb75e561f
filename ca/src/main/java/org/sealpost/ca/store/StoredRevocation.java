package org.sealpost.ca.store;

import java.time.Instant;

/**
 * When and why a certificate was revoked.
 *
 * @param reason the RFC 5280 reason name, e.g. {@code keyCompromise}
 */
public record StoredRevocation(Instant revokedAt, String reason) {
}
