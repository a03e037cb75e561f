package org.sealpost.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

class TimeStampAuthorityTest {
    private static final TsaFixture PKI = new TsaFixture("secp256r1");
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(789);
    private final TimeStampAuthority tsa = PKI.authority(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void grantsAValidTokenEchoingTheNonceAndIncludingTheCertificateWhenAsked() throws Exception {
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest("hello".getBytes());
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        BigInteger nonce = new BigInteger(64, new SecureRandom());
        TimeStampRequest request = gen.generate(NISTObjectIdentifiers.id_sha256, imprint, nonce);
        TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
        response.validate(request);
        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        TimeStampToken token = response.getTimeStampToken();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(PKI.tsa));
        var info = token.getTimeStampInfo();
        assertThat(info.getNonce()).isEqualTo(nonce);
        assertThat(info.getPolicy()).isEqualTo(TsaPolicy.DEFAULT_POLICY);
        assertThat(info.getGenTime().toInstant()).isEqualTo(NOW);
        assertThat(info.getGenTimeAccuracy().getSeconds()).isEqualTo(1);
        assertThat(info.isOrdered()).isFalse();
        assertThat(info.getSerialNumber().signum()).isPositive();
        assertThat(info.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(info.getMessageImprintDigest()).isEqualTo(imprint);
        assertThat(token.getCertificates().getMatches(null)).containsExactly(new JcaX509CertificateHolder(PKI.tsa));
        var attr = token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        assertThat(attr).as("ESSCertIDv2").isNotNull();
        var essId = SigningCertificateV2.getInstance(attr.getAttrValues().getObjectAt(0)).getCerts()[0];
        assertThat(essId.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void noCertificatesWithoutCertReqAndFreshSerials() throws Exception {
        TimeStampRequest request = new TimeStampRequestGenerator().generate(NISTObjectIdentifiers.id_sha512, new byte[64]);
        TimeStampResponse first = new TimeStampResponse(tsa.respond(request.getEncoded()));
        TimeStampResponse second = new TimeStampResponse(tsa.respond(request.getEncoded()));
        first.validate(request);
        assertThat(first.getTimeStampToken().getCertificates().getMatches(null)).isEmpty();
        assertThat(first.getTimeStampToken().getTimeStampInfo().getNonce()).isNull();
        assertThat(first.getTimeStampToken().getTimeStampInfo().getSerialNumber())
                .isNotEqualTo(second.getTimeStampToken().getTimeStampInfo().getSerialNumber());
    }

    @Test
    void rejectsWeakAlgorithmsWrongLengthsForeignPoliciesExtensionsAndGarbage() throws Exception {
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        assertRejected(gen.generate(OIWObjectIdentifiers.idSHA1, new byte[20]).getEncoded(), PKIFailureInfo.badAlg);
        assertRejected(gen.generate(PKCSObjectIdentifiers.md5, new byte[16]).getEncoded(), PKIFailureInfo.badAlg);
        assertRejected(gen.generate(NISTObjectIdentifiers.id_sha256, new byte[31]).getEncoded(), PKIFailureInfo.badDataFormat);
        assertRejected(gen.generate(NISTObjectIdentifiers.id_sha384, new byte[64]).getEncoded(), PKIFailureInfo.badDataFormat);
        TimeStampRequestGenerator policy = new TimeStampRequestGenerator();
        policy.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4"));
        assertRejected(policy.generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded(), PKIFailureInfo.unacceptedPolicy);
        TimeStampRequestGenerator ours = new TimeStampRequestGenerator();
        ours.setReqPolicy(TsaPolicy.DEFAULT_POLICY);
        assertThat(new TimeStampResponse(tsa.respond(ours.generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded()))
                .getStatus()).isEqualTo(PKIStatus.GRANTED);
        TimeStampRequestGenerator ext = new TimeStampRequestGenerator();
        ext.addExtension(new ASN1ObjectIdentifier("1.2.3.5"), false, new DEROctetString(new byte[1]));
        assertRejected(ext.generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded(), PKIFailureInfo.unacceptedExtension);

        byte[] good = gen.generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded();
        for (byte[] bad : new byte[][] {null, new byte[0], "garbage".getBytes(), Arrays.copyOf(good, good.length + 2),
                Arrays.copyOf(good, good.length - 1), new byte[1 << 20]}) {
            assertRejected(bad, PKIFailureInfo.badDataFormat);
        }
        for (int i = 0; i < good.length; i++) {
            byte[] mutated = good.clone();
            mutated[i] ^= 0x21;
            TimeStampResponse r = new TimeStampResponse(tsa.respond(mutated));
            assertThat(r.getStatus()).isIn(PKIStatus.GRANTED, PKIStatus.REJECTION);
        }
    }

    @Test
    void signerMustBeATimeStampingCertificate() throws Exception {
        var key = TsaFixture.ec("secp256r1");
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(PKI.root, BigInteger.TEN,
                        new java.util.Date(), new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                        new org.bouncycastle.asn1.x500.X500Name("CN=not a TSA"), key.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                                .build(PKI.rootKey.getPrivate())));
        assertThatThrownBy(() -> new TsaSigner(cert, key.getPrivate())).hasMessageContaining("timeStamping");
        assertThat(new TsaSigner(PKI.tsa, PKI.tsaKey.getPrivate(), null, List.of()).toString()).contains("redacted");
    }

    @Test
    void clockOutsideTheCertificateValidityIsASystemFailureNotABadToken() throws Exception {
        TimeStampAuthority late = PKI.authority(Clock.fixed(NOW.plus(java.time.Duration.ofDays(4000)), ZoneOffset.UTC));
        assertRejected(late, new TimeStampRequestGenerator().generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded(),
                PKIFailureInfo.systemFailure);
    }

    @Test
    void aStopReasonSuchAsARevokedCertificateRefusesEveryQuery() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> reason = new java.util.concurrent.atomic.AtomicReference<>();
        TimeStampAuthority guarded = PKI.authority(Clock.fixed(NOW, ZoneOffset.UTC),
                () -> java.util.Optional.ofNullable(reason.get()));
        byte[] query = new TimeStampRequestGenerator().generate(NISTObjectIdentifiers.id_sha256, new byte[32]).getEncoded();
        assertThat(new TimeStampResponse(guarded.respond(query)).getTimeStampToken()).isNotNull();
        reason.set("the time-stamp authority's certificate was revoked");
        assertRejected(guarded, query, PKIFailureInfo.systemFailure);
        assertThat(new TimeStampResponse(guarded.respond(query)).getStatusString()).contains("revoked");
    }

    private void assertRejected(byte[] query, int failureBit) throws Exception {
        assertRejected(tsa, query, failureBit);
    }

    private static void assertRejected(TimeStampAuthority tsa, byte[] query, int failureBit) throws Exception {
        TimeStampResponse r = new TimeStampResponse(tsa.respond(query));
        assertThat(r.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(r.getTimeStampToken()).isNull();
        assertThat(r.getFailInfo()).isNotNull();
        assertThat(r.getFailInfo().intValue()).isEqualTo(failureBit);
        assertThat(r.getStatusString()).isNotBlank();
    }
}
