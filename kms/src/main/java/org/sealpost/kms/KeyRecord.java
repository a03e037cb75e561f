package org.sealpost.kms;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code kms_key}: a key's public half and where the shares of its private half are.
 *
 * @param keyId      random id, see {@link KeyIds}
 * @param address    the owner in {@linkplain OwnerAddress#lookupForm look-up form} (normalized here)
 * @param spec       the key's kind
 * @param publicKey  SubjectPublicKeyInfo DER (copied in and out)
 * @param threshold  k: shares needed to rebuild
 * @param shareCount n: shares made
 * @param vaultIds   the vault holding share i at position i-1; exactly n ids, none blank or with a comma
 * @param status     life-cycle status
 * @param createdAt  when the key was made, truncated to microseconds (what both databases store)
 */
public record KeyRecord(String keyId, String address, KeySpec spec, byte[] publicKey, int threshold, int shareCount,
                        List<String> vaultIds, KeyStatus status, Instant createdAt) {

    public KeyRecord {
        if (keyId == null || keyId.isBlank() || keyId.length() > 32) {
            throw new IllegalArgumentException("a key id is 1 to 32 characters, got " + keyId);
        }
        address = OwnerAddress.lookupForm(address);
        Objects.requireNonNull(spec, "spec");
        if (publicKey == null || publicKey.length == 0) {
            throw new IllegalArgumentException("the public key is missing");
        }
        publicKey = publicKey.clone();
        if (threshold < 2 || threshold > shareCount || shareCount > KeySplitter.MAX_SHARES) {
            throw new IllegalArgumentException("need 2 <= k <= n <= 255, got k = " + threshold + ", n = " + shareCount);
        }
        vaultIds = List.copyOf(vaultIds);
        if (vaultIds.size() != shareCount) {
            throw new IllegalArgumentException("need one vault id per share: " + shareCount + " shares, " + vaultIds.size() + " vault ids");
        }
        for (String id : vaultIds) {
            if (id.isBlank() || id.contains(",")) {
                throw new IllegalArgumentException("a vault id must not be blank or contain a comma: '" + id + "'");
            }
        }
        Objects.requireNonNull(status, "status");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The SubjectPublicKeyInfo DER (a copy). */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key, decoded. */
    public PublicKey decodePublicKey() {
        try {
            return KeyFactory.getInstance(spec.algorithm()).generatePublic(new X509EncodedKeySpec(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored public key of key " + keyId + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** This record with another status. */
    public KeyRecord withStatus(KeyStatus newStatus) {
        return new KeyRecord(keyId, address, spec, publicKey, threshold, shareCount, vaultIds, newStatus, createdAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRecord r && keyId.equals(r.keyId) && address.equals(r.address) && spec == r.spec
                && java.util.Arrays.equals(publicKey, r.publicKey) && threshold == r.threshold && shareCount == r.shareCount
                && vaultIds.equals(r.vaultIds) && status == r.status && createdAt.equals(r.createdAt);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "KeyRecord[" + keyId + ", " + address + ", " + spec.settingName() + ", " + threshold + "-of-" + shareCount
                + ", vaults " + vaultIds + ", " + status.dbValue() + ", " + createdAt + "]";
    }
}
