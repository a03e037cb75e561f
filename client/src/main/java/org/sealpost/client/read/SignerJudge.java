package org.sealpost.client.read;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.TimestampResult;

/**
 * Turns the core engine's verdict on a signer into the reader's: whether this service issued the
 * certificate, whether it was revoked, how far the identity is validated, and all of it in words.
 */
final class SignerJudge {
    private final Revocations revocations;

    SignerJudge(Revocations revocations) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    /** Whether this service issued the signer's certificate (so its CRL and policies apply). */
    boolean issuedByUs(SignerResult r) {
        return r.certificate().flatMap(revocations::issuerOf).isPresent();
    }

    /**
     * The verdict on {@code r}; {@code directory} is the directory's word on a certificate of another
     * CA that the local store cannot validate (a certificate it publishes counts as validated, Vp).
     */
    SignerVerdict judge(SignerResult r, Optional<Harvester.Answer> directory) {
        Optional<X509Certificate> cert = r.certificate();
        boolean ours = issuedByUs(r);
        Optional<Instant> timestamp = r.timestamp().filter(t -> t.valid() && t.trusted()).map(TimestampResult::time);
        Optional<Revocations.Revoked> revoked = r.valid() && ours ? revocations.check(cert.get(), timestamp) : Optional.empty();
        boolean vouched = !ours && !r.trusted() && directory.map(Harvester.Answer::vouched).orElse(false);
        boolean trusted = r.trusted() || vouched;
        boolean good = r.valid() && trusted && revoked.isEmpty();
        Optional<ValidationLevel> level = good ? cert.flatMap(c -> ValidationLevel.of(c, ours)) : Optional.empty();
        String signer = r.email().orElse(r.subject().isEmpty() ? "an unknown signer" : r.subject());
        String reason;
        String words;
        if (!r.valid()) {
            reason = r.reason();
            words = "bad signature by " + signer + ": " + reason;
        } else if (revoked.isPresent()) {
            reason = "the signer certificate was revoked at " + revoked.get().at() + " (" + revoked.get().reason() + ")";
            words = "bad signature by " + signer + ": " + reason;
        } else if (!trusted) {
            reason = untrusted(r, ours, directory);
            words = "signed by " + signer + ", but the identity is not validated: " + reason;
        } else {
            reason = "ok";
            words = "signed by " + signer + ", " + level.map(l -> l.words() + " (" + l.label() + ")")
                    .orElse("issued by this service (validation level unknown)")
                    + (vouched ? ", its CA trusted by this service's directory" : "");
        }
        if (timestamp.isPresent() && r.valid() && revoked.isEmpty()) {
            words += ", timestamped at " + timestamp.get();
        }
        List<X509Certificate> others = cert.map(c -> r.messageCertificates().stream().filter(o -> !o.equals(c)).toList())
                .orElse(r.messageCertificates());
        return new SignerVerdict(signer, r.subject(), r.issuer(), r.valid(), trusted, revoked.isPresent(), level, timestamp, ours,
                reason, words, cert, others);
    }

    /** The signers in the order to speak of them: good ones first, the most validated first, then the others as they came. */
    static List<SignerVerdict> ranked(List<SignerVerdict> signers) {
        Comparator<SignerVerdict> byGood = Comparator.comparing((SignerVerdict s) -> !s.valid());
        Comparator<SignerVerdict> byLevel = Comparator.comparing((SignerVerdict s) -> s.level().map(Enum::ordinal).orElse(-1)).reversed();
        return signers.stream().sorted(byGood.thenComparing(byLevel)).toList();
    }

    /** Why a correct signature's signer is not validated, in words a person understands. */
    private static String untrusted(SignerResult r, boolean ours, Optional<Harvester.Answer> directory) {
        String why = r.reason().toLowerCase(Locale.ROOT);
        if (why.contains("expired") || why.contains("not valid until") || why.contains("not yet valid")) {
            return "the signer certificate was not valid at the signing time (" + r.reason() + ")";
        }
        if (!ours) {
            return "the signer certificate is from a CA this client does not trust (" + r.issuer() + ")"
                    + directory.map(a -> "; " + a.reason()).orElse("");
        }
        return r.reason();
    }
}
