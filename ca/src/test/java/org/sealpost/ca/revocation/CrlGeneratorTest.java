package org.sealpost.ca.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CrlGeneratorTest {
    private static final TestHierarchy PKI = new TestHierarchy("CRL unit");
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void signedV2CrlWithAkiNumberSortedEntriesAndReasons() throws Exception {
        X509CRL crl = new CrlGenerator().generate(PKI.signer(), 42, T, T.plusSeconds(7 * 86400), List.of(
                new RevokedCertificate(BigInteger.valueOf(300), T.minusSeconds(60), RevocationReason.SUPERSEDED),
                new RevokedCertificate(BigInteger.valueOf(5), T.minusSeconds(120), RevocationReason.UNSPECIFIED)));
        crl.verify(PKI.issuing.getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(PKI.issuing.getSubjectX500Principal());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(T.plusSeconds(7 * 86400));
        assertThat(ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue(Extension.cRLNumber.getId())).getOctets())
                .getValue()).isEqualTo(42);
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                PKI.issuing.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        assertThat(aki).isEqualTo(ski);
        List<BigInteger> serials = crl.getRevokedCertificates().stream().map(X509CRLEntry::getSerialNumber).toList();
        assertThat(serials).containsExactly(BigInteger.valueOf(5), BigInteger.valueOf(300));
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(5)).getExtensionValue(Extension.reasonCode.getId())).isNull();
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(300)).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.SUPERSEDED);
    }

    @Test
    void emptyCrlAndInconsistentInput() throws Exception {
        X509CRL empty = new CrlGenerator().generate(PKI.signer(), 0, T, T.plusSeconds(3600), List.of());
        assertThat(empty.getRevokedCertificates()).isNull();
        var dup = new RevokedCertificate(BigInteger.TEN, T, RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> new CrlGenerator().generate(PKI.signer(), 1, T, T.plusSeconds(1), List.of(dup, dup)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new CrlGenerator().generate(PKI.signer(), 1, T, T, List.of()))
                .hasMessageContaining("after");
        assertThatThrownBy(() -> new CrlGenerator().generate(PKI.signer(), -1, T, T.plusSeconds(1), List.of()))
                .hasMessageContaining("negative");
        assertThat(PKI.signer().toString()).contains("redacted").doesNotContain("PrivateKey");
    }
}
