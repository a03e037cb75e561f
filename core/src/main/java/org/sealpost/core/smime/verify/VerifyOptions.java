package org.sealpost.core.smime.verify;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.sealpost.core.smime.decrypt.KeyHistory;

/**
 * How to verify.
 *
 * @param trustAnchors          certificates whose keys are trusted; without any, no signer is trusted
 * @param intermediates         extra certificates to build paths with, beside those in the message
 * @param crls                  CRLs; when given, revocation is checked against them
 * @param decryptionKeys        keys to open encrypted layers with; without any, verification stops there
 * @param allowWeakDigests      accept SHA-1 (never MD5) signatures, for archives of old mail
 * @param clock                 the time used when a signature carries no signing time
 */
public record VerifyOptions(List<X509Certificate> trustAnchors, List<X509Certificate> intermediates, List<X509CRL> crls,
                            KeyHistory decryptionKeys, boolean allowWeakDigests, Clock clock) {

    public VerifyOptions {
        trustAnchors = List.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
        crls = List.copyOf(crls);
        Objects.requireNonNull(decryptionKeys, "decryptionKeys");
        Objects.requireNonNull(clock, "clock");
    }

    public static VerifyOptions trusting(X509Certificate... anchors) {
        return new VerifyOptions(List.of(anchors), List.of(), List.of(), new KeyHistory(List.of()), false, Clock.systemUTC());
    }

    public VerifyOptions withDecryptionKeys(KeyHistory keys) {
        return new VerifyOptions(trustAnchors, intermediates, crls, keys, allowWeakDigests, clock);
    }

    public VerifyOptions withCrls(List<X509CRL> list) {
        return new VerifyOptions(trustAnchors, intermediates, list, decryptionKeys, allowWeakDigests, clock);
    }

    public VerifyOptions withWeakDigestsAllowed(boolean allow) {
        return new VerifyOptions(trustAnchors, intermediates, crls, decryptionKeys, allow, clock);
    }

    public VerifyOptions withIntermediates(List<X509Certificate> certs) {
        return new VerifyOptions(trustAnchors, certs, crls, decryptionKeys, allowWeakDigests, clock);
    }

    public VerifyOptions withClock(Clock c) {
        return new VerifyOptions(trustAnchors, intermediates, crls, decryptionKeys, allowWeakDigests, c);
    }
}
