package org.sealpost.kms.recovery;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A legal-hold recovery request: release {@code address}'s whole key history, wrapped to
 * {@code transportKey}, once enough recovery officers of its domain have approved it and before
 * it expires. What the officers sign is {@link RecoveryStatement#encode} of this request.
 *
 * @param requestId         random id (128 bits, base64url)
 * @param address           whose keys, look-up form
 * @param domain            the address's mail domain, whose officers decide
 * @param transportKey      SubjectPublicKeyInfo DER of the key the history is wrapped to (copied in and out)
 * @param reason            the reason or case reference, one line of text
 * @param requestedBy       who asked
 * @param requiredApprovals m when the request was opened; a higher m set later applies too
 * @param createdAt         when it was opened, whole seconds
 * @param expiresAt         after this instant it can be neither approved nor released; whole seconds
 * @param state             the stored state
 * @param closedAt          when it was released, cancelled or denied
 * @param closedBy          who released, cancelled or denied it
 */
public record RecoveryRequest(String requestId, String address, String domain, byte[] transportKey, String reason, String requestedBy,
                              int requiredApprovals, Instant createdAt, Instant expiresAt, RequestState state,
                              Optional<Instant> closedAt, Optional<String> closedBy) {
    public RecoveryRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domain, "domain");
        transportKey = transportKey.clone();
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(closedBy, "closedBy");
    }

    /** The transport key's SubjectPublicKeyInfo DER (a copy). */
    @Override
    public byte[] transportKey() {
        return transportKey.clone();
    }

    /** The transport key, decoded. */
    public PublicKey decodeTransportKey() {
        return RecoveryKeys.decode(transportKey);
    }

    /** SHA-256 of the transport key's SubjectPublicKeyInfo, lower-case hex, as in the signed statement. */
    public String transportKeySha256() {
        return RecoveryKeys.sha256Hex(transportKey);
    }

    /** Whether the request is past its expiry at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryRequest r && requestId.equals(r.requestId) && address.equals(r.address) && domain.equals(r.domain)
                && Arrays.equals(transportKey, r.transportKey) && reason.equals(r.reason) && requestedBy.equals(r.requestedBy)
                && requiredApprovals == r.requiredApprovals && createdAt.equals(r.createdAt) && expiresAt.equals(r.expiresAt)
                && state == r.state && closedAt.equals(r.closedAt) && closedBy.equals(r.closedBy);
    }

    @Override
    public int hashCode() {
        return requestId.hashCode();
    }

    @Override
    public String toString() {
        return "RecoveryRequest[" + requestId + ", " + address + ", " + state.dbValue() + ", expires " + expiresAt
                + ", transport sha256 " + transportKeySha256() + "]";
    }
}
