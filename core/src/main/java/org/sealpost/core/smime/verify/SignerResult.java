package org.sealpost.core.smime.verify;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on one signer.
 *
 * @param email             the address the signature vouches for (the From address when the
 *                          certificate names it, else the certificate's first address)
 * @param certificateEmails every address in the signer certificate
 * @param valid             the signature value is correct over the content, with an accepted
 *                          algorithm, by a certificate allowed to sign mail for the From address
 *                          (or, in a nested signature, another signer's certificate names the From
 *                          address and a warning says that this one does not)
 * @param trusted           the certificate chains to a trust anchor and was valid (and, with CRLs,
 *                          not revoked) at the signing time
 * @param reason            "ok" or the first thing that is wrong, in one sentence
 * @param warnings          things that do not make the signature fail but deserve a look
 * @param certificate       the signer certificate, when the message (or the extra certificates) held it
 * @param messageCertificates every certificate the SignedData carried, the signer's among them: the
 *                          intermediates a client passes on when it submits the signer's certificate
 */
public record SignerResult(Optional<String> email, List<String> certificateEmails, String subject, String issuer,
                           String serialNumber, String digestAlgorithm, boolean valid, boolean trusted, String reason,
                           Optional<Instant> signingTime, Optional<TimestampResult> timestamp, List<String> warnings,
                           Optional<X509Certificate> certificate, List<X509Certificate> messageCertificates) {

    public SignerResult {
        certificateEmails = List.copyOf(certificateEmails);
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(certificate, "certificate");
        messageCertificates = List.copyOf(messageCertificates);
    }

    /** This result, failed for {@code why}. */
    SignerResult failing(String why) {
        return new SignerResult(email, certificateEmails, subject, issuer, serialNumber, digestAlgorithm, false, trusted, why,
                signingTime, timestamp, warnings, certificate, messageCertificates);
    }

    /** This result with one more warning. */
    SignerResult warning(String warning) {
        List<String> more = new java.util.ArrayList<>(warnings);
        more.add(warning);
        return new SignerResult(email, certificateEmails, subject, issuer, serialNumber, digestAlgorithm, valid, trusted, reason,
                signingTime, timestamp, more, certificate, messageCertificates);
    }
}
