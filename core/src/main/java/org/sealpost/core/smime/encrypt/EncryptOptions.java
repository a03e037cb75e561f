package org.sealpost.core.smime.encrypt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom to encrypt to and, optionally, which algorithms to force.
 *
 * @param recipients   everyone who must read the message; add the sender to keep a readable copy
 * @param cipher       forced content cipher; empty picks AES-GCM when every recipient reads it, else AES-CBC
 * @param keyTransport forced RSA key transport; empty picks OAEP per recipient that reads it, else PKCS#1 v1.5
 */
public record EncryptOptions(List<Recipient> recipients, Optional<ContentCipher> cipher, Optional<KeyTransport> keyTransport) {

    public EncryptOptions {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is needed");
        }
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(keyTransport, "keyTransport");
    }

    public static EncryptOptions to(Recipient... recipients) {
        return new EncryptOptions(List.of(recipients), Optional.empty(), Optional.empty());
    }

    public EncryptOptions withCipher(ContentCipher c) {
        return new EncryptOptions(recipients, Optional.of(c), keyTransport);
    }

    public EncryptOptions withKeyTransport(KeyTransport k) {
        return new EncryptOptions(recipients, cipher, Optional.of(k));
    }

    /** The content cipher that will be used. */
    public ContentCipher effectiveCipher() {
        return cipher.orElseGet(() -> recipients.stream().allMatch(r -> r.capabilities().authEnveloped())
                ? ContentCipher.AES256_GCM : ContentCipher.AES256_CBC);
    }

    /** The key transport that will be used for one RSA recipient. */
    public KeyTransport effectiveKeyTransport(Recipient r) {
        return keyTransport.orElse(r.capabilities().oaep() ? KeyTransport.OAEP : KeyTransport.PKCS1);
    }
}
