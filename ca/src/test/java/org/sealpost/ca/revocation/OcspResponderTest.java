package org.sealpost.ca.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspResponderTest {
    private static final TestHierarchy PKI = new TestHierarchy("OCSP unit");
    private static final TestHierarchy OTHER = new TestHierarchy("Other");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
    private static final Instant REVOKED_AT = Instant.parse("2026-02-01T08:00:00Z");
    private static final BigInteger REVOKED = BigInteger.valueOf(77);

    private final OcspResponder responder = new OcspResponder(PKI.signer(),
            serial -> Map.<BigInteger, CertificateStatus>of(
                    PKI.leafSerial, new CertificateStatus.Good(),
                    REVOKED, new CertificateStatus.Revoked(REVOKED_AT, RevocationReason.KEY_COMPROMISE))
                    .getOrDefault(serial, new CertificateStatus.Unknown()),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(1));

    @Test
    void answersGoodRevokedAndUnknownInOneSignedResponseWithTheNonce() throws Exception {
        byte[] nonce = new DEROctetString(new byte[16]).getEncoded();
        OCSPReq req = new OCSPReqBuilder()
                .addRequest(id(PKI, PKI.leafSerial, CertificateID.HASH_SHA1))
                .addRequest(id(PKI, REVOKED, sha256()))
                .addRequest(id(PKI, BigInteger.valueOf(999), CertificateID.HASH_SHA1))
                .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce)))
                .build();
        OCSPResp resp = new OCSPResp(responder.respond(req.getEncoded()));
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(PKI.issuing.getPublicKey()))).isTrue();
        assertThat(basic.getCerts()).isEmpty();
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets()).isEqualTo(nonce);
        assertThat(basic.getResponderId().toASN1Primitive().getKeyHash()).isNotNull();
        assertThat(basic.getProducedAt().toInstant()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        SingleResp[] singles = basic.getResponses();
        assertThat(singles).hasSize(3);
        assertThat(singles[0].getCertStatus()).isNull(); // GOOD
        assertThat(singles[0].getNextUpdate().toInstant()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        RevokedStatus revoked = (RevokedStatus) singles[1].getCertStatus();
        assertThat(revoked.getRevocationTime().toInstant()).isEqualTo(REVOKED_AT);
        assertThat(revoked.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code());
        assertThat(singles[1].getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(singles[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void foreignIssuerIsUnknownBesideOursAndUnauthorizedAlone() throws Exception {
        OCSPReq mixed = new OCSPReqBuilder().addRequest(id(PKI, PKI.leafSerial, CertificateID.HASH_SHA1))
                .addRequest(id(OTHER, PKI.leafSerial, CertificateID.HASH_SHA1)).build();
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(responder.respond(mixed.getEncoded())).getResponseObject();
        assertThat(basic.getResponses()[0].getCertStatus()).isNull();
        assertThat(basic.getResponses()[1].getCertStatus()).isInstanceOf(UnknownStatus.class);

        OCSPReq foreign = new OCSPReqBuilder().addRequest(id(OTHER, PKI.leafSerial, CertificateID.HASH_SHA1)).build();
        assertThat(new OCSPResp(responder.respond(foreign.getEncoded())).getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
    }

    @Test
    void malformedInputIsMalformedRequestNeverAnException() throws Exception {
        byte[] good = new OCSPReqBuilder().addRequest(id(PKI, PKI.leafSerial, CertificateID.HASH_SHA1)).build().getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        byte[] empty = new OCSPReq(new org.bouncycastle.asn1.ocsp.OCSPRequest(new org.bouncycastle.asn1.ocsp.TBSRequest(
                null, new org.bouncycastle.asn1.DERSequence(), (Extensions) null), null)).getEncoded();
        for (byte[] bad : new byte[][] {null, new byte[0], "garbage".getBytes(), trailing, truncated, empty,
                new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f}, new byte[100_000]}) {
            assertThat(new OCSPResp(responder.respond(bad)).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        // every single-byte corruption of a good request still yields some OCSP response
        for (int i = 0; i < good.length; i++) {
            byte[] mutated = good.clone();
            mutated[i] ^= 0x5a;
            assertThat(new OCSPResp(responder.respond(mutated)).getStatus()).isBetween(0, 6);
        }
    }

    @Test
    void signedRequestsAreAcceptedWithoutCheckingTheSignature() throws Exception {
        OCSPReq signed = new OCSPReqBuilder()
                .setRequestorName(new org.bouncycastle.asn1.x500.X500Name("CN=requestor"))
                .addRequest(id(PKI, PKI.leafSerial, CertificateID.HASH_SHA1))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(OTHER.rootKey.getPrivate()),
                        new X509CertificateHolder[] {new JcaX509CertificateHolder(OTHER.root)});
        assertThat(new OCSPResp(responder.respond(signed.getEncoded())).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    }

    @Test
    void failingStatusSourceIsInternalError() throws Exception {
        OcspResponder broken = new OcspResponder(PKI.signer(), serial -> {
            throw new IllegalStateException("database down");
        }, Clock.systemUTC(), Duration.ofHours(12));
        byte[] req = new OCSPReqBuilder().addRequest(id(PKI, PKI.leafSerial, CertificateID.HASH_SHA1)).build().getEncoded();
        assertThat(new OCSPResp(broken.respond(req)).getStatus()).isEqualTo(OCSPResp.INTERNAL_ERROR);
    }

    @Test
    void rsaCaSignsWithSha256WithRsa() throws Exception {
        var pki = new org.sealpost.core.keys.EphemeralPki("ocsp-rsa");
        var leaf = pki.rsa("bob@example.org").certificate();
        RevocationSigner rsa = new RevocationSigner(pki.root(), pki.rootKey());
        assertThat(rsa.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        OcspResponder r = new OcspResponder(rsa, serial -> new CertificateStatus.Good(), Clock.systemUTC(), Duration.ofDays(1));
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(pki.root()), leaf.getSerialNumber());
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(r.respond(new OCSPReqBuilder().addRequest(id).build().getEncoded()))
                .getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pki.root().getPublicKey()))).isTrue();
        assertThat(basic.getSignatureAlgOID()).isEqualTo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption);
        assertThat(PKI.signer().signatureAlgorithm()).isEqualTo("SHA384withECDSA");
    }

    static CertificateID id(TestHierarchy ca, BigInteger serial, AlgorithmIdentifier hash) throws Exception {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        return new CertificateID(digests.get(hash), new JcaX509CertificateHolder(ca.issuing), serial);
    }

    static AlgorithmIdentifier sha256() {
        return new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    }
}
