package org.sealpost.core.smime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.testing.Messages;

/** The From address must be named by a signer of the message, in any layer (SenderBinding). */
class SenderBindingTest {
    private static final EphemeralPki PKI = new EphemeralPki("binding");
    private static final Identity ALICE = PKI.rsa("alice@example.org");
    private static final Identity DAVE = PKI.rsa("dave@example.org");

    private final SmimeVerifier verifier = new SmimeVerifier();

    @Test
    void forwardedSignedMessageIsValidAndTheInnerSignerIsMarkedAsNotTheSender() throws Exception {
        VerificationReport report = verify(forwardedBy(DAVE, "dave@example.org"));

        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.signers()).hasSize(2);
        SignerResult outer = report.signers().get(0);
        SignerResult inner = report.signers().get(1);
        assertThat(outer.email()).contains("dave@example.org");
        assertThat(outer.warnings()).isEmpty();
        assertThat(inner.email()).contains("alice@example.org");
        assertThat(inner.valid()).isTrue();
        assertThat(inner.warnings()).anySatisfy(w -> assertThat(w).contains("not for the From address dave@example.org"));
    }

    @Test
    void withoutASignerNamingTheFromAddressEverySignerFails() throws Exception {
        VerificationReport report = verify(forwardedBy(DAVE, "carol@example.org"));

        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).contains("not for the From address carol@example.org");
        assertThat(report.signers()).allSatisfy(s -> assertThat(s.valid()).isFalse());
    }

    /** Alice's signed message with its From field changed (outside the signature), signed again by {@code by}. */
    private byte[] forwardedBy(Identity by, String from) throws Exception {
        byte[] message = Messages.plain("Alice <alice@example.org>", "bob@example.org", "Hello Bob\r\n");
        String signed = new String(sign(message, SignOptions.detached(ALICE)), StandardCharsets.ISO_8859_1);
        byte[] forwarded = signed.replace("From: Alice <alice@example.org>\r\n", "From: " + from + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        return sign(forwarded, SignOptions.detached(by).withForm(SignatureForm.OPAQUE));
    }

    private byte[] sign(byte[] message, SignOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), out, options);
        return out.toByteArray();
    }

    private VerificationReport verify(byte[] message) throws Exception {
        return verifier.verify(MessageSource.of(message), VerifyOptions.trusting(PKI.root()), null);
    }
}
