package org.sealpost.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePinTest {
    private static final X509Certificate CERTIFICATE = TlsCertificates.selfSigned("pin test", TlsCertificates.Role.SERVER,
            List.of("localhost"), new SecureRandom(), Instant.now()).certificate();

    @Test
    void everyWrittenFormParsesToTheSamePin() throws Exception {
        CertificatePin pin = CertificatePin.of(CERTIFICATE);
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(CERTIFICATE.getEncoded()));
        assertThat(pin.hex()).isEqualTo(hex);
        assertThat(pin.toString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        for (String form : List.of(hex, hex.toUpperCase(), pin.toString(), "sha256 Fingerprint=" + pin, "SHA256:" + hex,
                "  " + pin.toString().toLowerCase() + "\n")) {
            assertThat(CertificatePin.parse(form)).as(form).isEqualTo(pin);
        }
        assertThat(pin.matches(CERTIFICATE)).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : List.of("", "abc", "g".repeat(64), "a".repeat(63), "a".repeat(65), "sha1 Fingerprint=AB:CD")) {
            assertThatThrownBy(() -> CertificatePin.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SHA-256");
        }
        assertThatThrownBy(() -> new CertificatePin("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificateNamesAreDnsNamesOrAddresses() throws Exception {
        X509Certificate cert = TlsCertificates.selfSigned("names", TlsCertificates.Role.SERVER,
                List.of("vault-a.example.org", "10.0.0.7", "::1"), new SecureRandom(), Instant.now()).certificate();
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactly((Object) "vault-a.example.org", "10.0.0.7", "0:0:0:0:0:0:0:1");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        for (String bad : List.of("", "*.example.org", "under_score.example", "-lead.example", "a b", "x".repeat(64) + ".example")) {
            assertThatThrownBy(() -> TlsCertificates.generalName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TlsCertificates.selfSigned("none", TlsCertificates.Role.SERVER, List.of(), new SecureRandom(),
                Instant.now())).isInstanceOf(IllegalArgumentException.class);
        assertThat(TlsCertificates.selfSigned("client", TlsCertificates.Role.CLIENT, List.of(), new SecureRandom(), Instant.now())
                .certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }
}
