package org.sealpost.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sealpost.core.TimestampException;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.sign.TimestampClient;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;

/** The engine signs with a timestamp from this TSA, and its verifier reports the timestamp valid and trusted. */
class EngineTimestampTest {
    private static final EphemeralPki PKI = new EphemeralPki("sealpost-tsa");
    private static final Identity ALICE = PKI.ec("alice@example.org", "secp256r1");
    private static final byte[] MESSAGE = Messages.plain("alice@example.org", "bob@example.org", "Timestamped.\r\n");

    /** The engine's client interface, answered in-process by {@link TimeStampAuthority#respond}. */
    private record InProcessClient(TimeStampAuthority tsa) implements TimestampClient {
        @Override
        public TimeStampToken timestamp(ASN1ObjectIdentifier digestOid, byte[] imprint) throws TimestampException {
            TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
            gen.setCertReq(true);
            TimeStampRequest request = gen.generate(digestOid, imprint, new BigInteger(64, new SecureRandom()));
            try {
                TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
                response.validate(request);
                if (response.getTimeStampToken() == null) {
                    throw new TimestampException("refused: " + response.getStatusString());
                }
                return response.getTimeStampToken();
            } catch (TSPException | IOException e) {
                throw new TimestampException("bad response: " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureForm.class)
    void engineReportsTheTimestampValidAndTrusted(SignatureForm form) throws Exception {
        var tsaKey = TsaFixture.ec("secp256r1");
        var tsaCert = TsaFixture.issueTsa(PKI.root(), PKI.rootKey(), "SHA256withRSA", tsaKey, "CN=Sealpost Engine TSA");
        TimeStampAuthority tsa = new TimeStampAuthority(new TsaSigner(tsaCert, tsaKey.getPrivate(), null, List.of(tsaCert)),
                TsaPolicy.defaults(), Clock.systemUTC(), new SecureRandom());

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(MESSAGE), signed,
                SignOptions.detached(ALICE).withForm(form).withTimestamps(new InProcessClient(tsa)));
        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(signed.toByteArray()),
                VerifyOptions.trusting(PKI.root()), null);

        assertThat(report.valid()).as(report.reason()).isTrue();
        var timestamp = report.signers().get(0).timestamp().orElseThrow();
        assertThat(timestamp.valid()).as(timestamp.reason()).isTrue();
        assertThat(timestamp.trusted()).as(timestamp.reason()).isTrue();
        assertThat(timestamp.time()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(5));
        assertThat(timestamp.authority()).contains("Sealpost Engine TSA");
    }
}
