package org.sealpost.kms.recovery;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recovery officer of a mail domain: a person holding a signing key whose public half is
 * registered here. Removed officers keep their record; their approvals no longer count.
 *
 * @param officerId  random id (128 bits, base64url)
 * @param domain     the mail domain, look-up form
 * @param name       the officer's name, for people reading the audit trail
 * @param publicKey  SubjectPublicKeyInfo DER of the officer's key (copied in and out)
 * @param addedAt    when it was registered
 * @param addedBy    who registered it
 * @param removedAt  when it was removed, if it was
 * @param removedBy  who removed it, if it was
 */
public record RecoveryOfficer(String officerId, String domain, String name, byte[] publicKey, Instant addedAt, String addedBy,
                              Optional<Instant> removedAt, Optional<String> removedBy) {
    public RecoveryOfficer {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        publicKey = publicKey.clone();
        Objects.requireNonNull(addedAt, "addedAt");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(removedAt, "removedAt");
        Objects.requireNonNull(removedBy, "removedBy");
    }

    /** The SubjectPublicKeyInfo DER (a copy). */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The officer's public key, decoded. */
    public PublicKey decodePublicKey() {
        return RecoveryKeys.decode(publicKey);
    }

    /** SHA-256 of the SubjectPublicKeyInfo, lower-case hex: what {@code openssl pkey -pubin -outform DER | openssl dgst -sha256} prints. */
    public String keySha256() {
        return RecoveryKeys.sha256Hex(publicKey);
    }

    /** Whether the officer has not been removed: only then do its approvals count. */
    public boolean active() {
        return removedAt.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryOfficer r && officerId.equals(r.officerId) && domain.equals(r.domain) && name.equals(r.name)
                && java.util.Arrays.equals(publicKey, r.publicKey) && addedAt.equals(r.addedAt) && addedBy.equals(r.addedBy)
                && removedAt.equals(r.removedAt) && removedBy.equals(r.removedBy);
    }

    @Override
    public int hashCode() {
        return officerId.hashCode();
    }

    @Override
    public String toString() {
        return "RecoveryOfficer[" + officerId + ", " + domain + ", " + name + ", key sha256 " + keySha256()
                + (active() ? "" : ", removed " + removedAt.get()) + "]";
    }
}
