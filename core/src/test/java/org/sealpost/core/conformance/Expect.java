package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.VerifyOptions;

/** Assertions shared by the vector cases. */
final class Expect {
    private Expect() {
    }

    /** Runs the engine with some options. */
    @FunctionalInterface
    interface Run {
        Vectors.Verified with(VerifyOptions options) throws Exception;
    }

    /**
     * Our policy, like Thunderbird's default: SHA-1 signatures are refused. For a SHA-1 vector this
     * asserts the refusal and returns the result with weak digests allowed, where the vector's own
     * expectation applies; for other digests it returns the result with {@code options} unchanged.
     */
    static Vectors.Verified refusingSha1(Run run, boolean sha1, VerifyOptions options) throws Exception {
        if (!sha1) {
            return run.with(options);
        }
        Vectors.Verified strict = run.with(options.withWeakDigestsAllowed(false));
        assertThat(strict.report().valid()).as("SHA-1 is refused by default").isFalse();
        assertThat(strict.report().reason()).contains("SHA-1", "refused by default");
        return run.with(options.withWeakDigestsAllowed(true));
    }

    static void valid(Vectors.Verified r) {
        assertThat(r.report().valid()).as("report: %s", r.report().reason()).isTrue();
        assertThat(r.report().reason()).isEqualTo("ok");
    }

    static void invalid(Vectors.Verified r, String... reasonParts) {
        assertThat(r.report().valid()).as("report valid").isFalse();
        assertThat(r.report().reason()).contains(reasonParts);
    }

    /** A signer whose signature and certificate are fine. */
    static void goodSigner(SignerResult s, String email, String digest) {
        assertThat(s.email()).contains(email);
        assertThat(s.digestAlgorithm()).isEqualTo(digest);
        assertThat(s.valid()).as("signer valid: %s", s.reason()).isTrue();
        assertThat(s.trusted()).as("signer trusted: %s", s.reason()).isTrue();
        assertThat(s.reason()).isEqualTo("ok");
    }

    /** A correct signature whose certificate does not chain to any trust anchor given. */
    static void untrustedSigner(SignerResult s, String email, String digest) {
        assertThat(s.email()).contains(email);
        assertThat(s.digestAlgorithm()).isEqualTo(digest);
        assertThat(s.valid()).as("signature valid: %s", s.reason()).isTrue();
        assertThat(s.trusted()).as("signer trusted").isFalse();
        assertThat(s.reason()).contains("not trusted");
    }

    static void signedLayer(Layer layer, SignatureForm form) {
        assertThat(layer).isInstanceOfSatisfying(Layer.Signed.class, l -> {
            assertThat(l.form()).isEqualTo(form);
            assertThat(l.problem()).isEmpty();
        });
    }

    static void decryptedLayer(Layer layer) {
        assertThat(layer).isInstanceOfSatisfying(Layer.Encrypted.class,
                e -> assertThat(e.decrypted()).as("decrypted: %s", e.note()).isTrue());
    }
}
