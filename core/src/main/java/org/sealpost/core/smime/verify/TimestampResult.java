package org.sealpost.core.smime.verify;

import java.time.Instant;

/**
 * An RFC 3161 timestamp over a signature value.
 *
 * @param valid   the token is well formed, signed by its TSA and covers this signature value
 * @param trusted the TSA certificate chains to a trust anchor
 */
public record TimestampResult(Instant time, String authority, boolean valid, boolean trusted, String reason) {
}
