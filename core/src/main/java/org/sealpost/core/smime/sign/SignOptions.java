package org.sealpost.core.smime.sign;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.core.keys.Identity;

/**
 * What to sign with.
 *
 * @param signers               one signer, or two for a dual signature (e.g. a publicly trusted Vp
 *                              certificate beside a Sealpost identity certificate) in one SignedData
 * @param form                  detached (multipart/signed) or opaque
 * @param digest                the message digest
 * @param timestamps            if present, an RFC 3161 token is added over each signature value
 * @param encryptionCertificate the sender's encryption certificate, advertised with the
 *                              SMIMEEncryptionKeyPreference attribute and carried in the message;
 *                              when empty, the signing certificate is advertised if it may encrypt
 */
public record SignOptions(List<Identity> signers, SignatureForm form, DigestAlgorithm digest,
                          Optional<TimestampClient> timestamps, Optional<X509Certificate> encryptionCertificate) {

    public SignOptions {
        signers = List.copyOf(signers);
        if (signers.isEmpty() || signers.size() > 2) {
            throw new IllegalArgumentException("one or two signers are supported, got " + signers.size());
        }
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
    }

    /** Detached SHA-256 signature without timestamp. */
    public static SignOptions detached(Identity... signers) {
        return new SignOptions(List.of(signers), SignatureForm.DETACHED, DigestAlgorithm.SHA256, Optional.empty(), Optional.empty());
    }

    public SignOptions withForm(SignatureForm f) {
        return new SignOptions(signers, f, digest, timestamps, encryptionCertificate);
    }

    public SignOptions withTimestamps(TimestampClient client) {
        return new SignOptions(signers, form, digest, Optional.of(client), encryptionCertificate);
    }

    public SignOptions withEncryptionCertificate(X509Certificate cert) {
        return new SignOptions(signers, form, digest, timestamps, Optional.of(cert));
    }

    public SignOptions withDigest(DigestAlgorithm d) {
        return new SignOptions(signers, form, d, timestamps, encryptionCertificate);
    }
}
