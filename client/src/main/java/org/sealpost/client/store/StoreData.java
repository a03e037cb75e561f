package org.sealpost.client.store;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the local store keeps encrypted: the mail password, the device's signing credentials, the
 * address's encryption key history, identity certificates for the device key, and the trust anchors
 * the device checks signatures against.
 *
 * @param mailPassword   the mail account's password (IMAP and SMTP)
 * @param device         the device's enrollment, once {@code enroll} succeeded
 * @param encryptionKeys the address's encryption keys, newest first, as the key service released them
 * @param identities     V2-V4 (and Vp) certificates held for the device key, newest first
 * @param trustAnchors   roots trusted for mail signatures: the service's root and any the user added
 */
public record StoreData(String mailPassword, Optional<DeviceCredentials> device, List<EncryptionKey> encryptionKeys,
                        List<IdentityCertificate> identities, List<X509Certificate> trustAnchors) {

    public StoreData {
        Objects.requireNonNull(mailPassword, "mailPassword");
        Objects.requireNonNull(device, "device");
        encryptionKeys = List.copyOf(encryptionKeys);
        identities = List.copyOf(identities);
        trustAnchors = List.copyOf(trustAnchors);
    }

    /** A store holding only the mail password, before enrollment. */
    public static StoreData forAccount(String mailPassword) {
        return new StoreData(mailPassword, Optional.empty(), List.of(), List.of(), List.of());
    }

    public StoreData withDevice(DeviceCredentials d) {
        return new StoreData(mailPassword, Optional.of(d), encryptionKeys, identities, trustAnchors);
    }

    public StoreData withEncryptionKeys(List<EncryptionKey> keys) {
        return new StoreData(mailPassword, device, keys, identities, trustAnchors);
    }

    public StoreData withIdentities(List<IdentityCertificate> list) {
        return new StoreData(mailPassword, device, encryptionKeys, list, trustAnchors);
    }

    public StoreData withTrustAnchors(List<X509Certificate> anchors) {
        return new StoreData(mailPassword, device, encryptionKeys, identities, anchors);
    }

    /** Adds {@code anchor} unless it is there already. */
    public StoreData trusting(X509Certificate anchor) {
        if (trustAnchors.contains(anchor)) {
            return this;
        }
        List<X509Certificate> more = new ArrayList<>(trustAnchors);
        more.add(anchor);
        return withTrustAnchors(more);
    }

    @Override
    public String toString() {
        return "StoreData[device=" + device.map(DeviceCredentials::id).orElse("none") + ", keys=" + encryptionKeys.size()
                + ", identities=" + identities.size() + ", anchors=" + trustAnchors.size() + ", secrets=<redacted>]";
    }

    /**
     * The device's enrollment.
     *
     * @param id         the service's device id
     * @param name       the device name given at enrollment
     * @param signingKey the device signing key (made on the device, never sent)
     * @param chain      its V1 signing certificate, then the issuing CA, then the root
     */
    public record DeviceCredentials(String id, String name, PrivateKey signingKey, List<X509Certificate> chain) {
        public DeviceCredentials {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(signingKey, "signingKey");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a device needs its signing certificate");
            }
        }

        public X509Certificate certificate() {
            return chain.getFirst();
        }

        public DeviceCredentials withChain(PrivateKey key, List<X509Certificate> newChain) {
            return new DeviceCredentials(id, name, key, newChain);
        }

        @Override
        public String toString() {
            return "DeviceCredentials[" + id + ", " + name + ", key=<redacted>]";
        }
    }

    /**
     * One key of the address's encryption key history.
     *
     * @param keyId        the key service's id of the key
     * @param privateKey   the private key
     * @param certificates every encryption certificate known for the key, newest first (may be empty
     *                     for a key that only ever was provisional)
     */
    public record EncryptionKey(String keyId, PrivateKey privateKey, List<X509Certificate> certificates) {
        public EncryptionKey {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(privateKey, "privateKey");
            certificates = List.copyOf(certificates);
        }

        @Override
        public String toString() {
            return "EncryptionKey[" + keyId + ", certificates=" + certificates.size() + ", key=<redacted>]";
        }
    }

    /**
     * A certificate of a higher identity level: V2-V4 for the device key, or a Vp chain from another CA.
     *
     * @param level      "V2", "V3", "V4" or "Vp"
     * @param chain      the certificate first, then its CA chain
     * @param privateKey the certificate's own key when it is not the device key: a Vp certificate whose
     *                   key the user imported ({@code certs import}); empty for V2-V4 and for Vp chains
     *                   known only from the service
     */
    public record IdentityCertificate(String level, List<X509Certificate> chain, Optional<PrivateKey> privateKey) {
        public IdentityCertificate {
            Objects.requireNonNull(level, "level");
            chain = List.copyOf(chain);
            Objects.requireNonNull(privateKey, "privateKey");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("an identity certificate needs its certificate");
            }
        }

        /** A certificate for the device key (or a chain without a key). */
        public IdentityCertificate(String level, List<X509Certificate> chain) {
            this(level, chain, Optional.empty());
        }

        public X509Certificate certificate() {
            return chain.getFirst();
        }

        @Override
        public String toString() {
            return "IdentityCertificate[" + level + ", " + certificate().getSubjectX500Principal() + ", key="
                    + (privateKey.isPresent() ? "<redacted>" : "device") + "]";
        }
    }
}
