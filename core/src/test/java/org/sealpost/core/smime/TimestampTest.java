package org.sealpost.core.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sealpost.core.TimestampException;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;
import org.sealpost.core.testing.TestTsa;

class TimestampTest {
    private static final EphemeralPki PKI = new EphemeralPki("tsa");
    private static final Identity ALICE = PKI.rsa("alice@example.org");
    private static final byte[] MESSAGE = Messages.plain("alice@example.org", "bob@example.org", "Timestamped.\r\n");

    @ParameterizedTest
    @EnumSource(SignatureForm.class)
    void signatureCarriesAValidTrustedTimestampFromTheTsa(SignatureForm form) throws Exception {
        try (TestTsa tsa = new TestTsa(PKI)) {
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            new SmimeSigner().sign(MessageSource.of(MESSAGE), signed,
                    SignOptions.detached(ALICE).withForm(form).withTimestamps(HttpTimestampClient.create(tsa.url())));
            VerificationReport report = new SmimeVerifier().verify(MessageSource.of(signed.toByteArray()),
                    VerifyOptions.trusting(PKI.root()), null);

            assertThat(report.valid()).as(report.reason()).isTrue();
            var timestamp = report.signers().get(0).timestamp().orElseThrow();
            assertThat(timestamp.valid()).as(timestamp.reason()).isTrue();
            assertThat(timestamp.trusted()).isTrue();
            assertThat(timestamp.time()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(5));
            assertThat(timestamp.authority()).contains("Test TSA");
        }
    }

    @Test
    void unreachableTsaIsAClearError() {
        var client = HttpTimestampClient.create(URI.create("http://127.0.0.1:9/tsa"));
        assertThatThrownBy(() -> new SmimeSigner().sign(MessageSource.of(MESSAGE), new ByteArrayOutputStream(),
                SignOptions.detached(ALICE).withTimestamps(client)))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("cannot be reached");
    }
}
