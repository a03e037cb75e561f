package org.sealpost.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;

/** The device side of the token contract: what the signer puts in a token, checked with plain nimbus and the JDK. */
class DeviceTokenSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static EphemeralPki pki;

    @BeforeAll
    static void pki() {
        pki = new EphemeralPki("Token Test");
    }

    @ParameterizedTest
    @CsvSource({"RSA, PS256", "secp256r1, ES256", "secp384r1, ES384", "secp521r1, ES512"})
    void signsWithTheOneAlgorithmOfTheKeyAndCarriesTheLeafCertificate(String keyType, String algorithm) throws Exception {
        Identity device = keyType.equals("RSA") ? pki.rsa("rsa@example.org") : pki.ec(keyType + "@example.org", keyType);
        DeviceTokenSigner signer = new DeviceTokenSigner(device.privateKey(), device.certificate(), CLOCK,
                new SecureRandom(), Duration.ofMinutes(2));

        SignedJWT jwt = SignedJWT.parse(signer.token("GET", "https://mail.example.org/v1/keys", null));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
        assertThat(jwt.getHeader().getType()).isEqualTo(DeviceTokenFormat.TYPE);
        assertThat(jwt.getHeader().getX509CertChain()).singleElement()
                .satisfies(c -> assertThat(c.decode()).isEqualTo(device.certificate().getEncoded()));
        JWSVerifier verifier = device.certificate().getPublicKey() instanceof ECPublicKey ec
                ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAPublicKey) device.certificate().getPublicKey());
        assertThat(jwt.verify(verifier)).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void bindsMethodUrlAndBodyWithAFreshRandomJti() throws Exception {
        Identity device = pki.ec("alice@example.org", "secp256r1");
        DeviceTokenSigner signer = new DeviceTokenSigner(device.privateKey(), device.certificate(), CLOCK,
                new SecureRandom(), DeviceTokenSigner.DEFAULT_LIFETIME);
        byte[] body = "{\"address\":\"alice@example.org\"}".getBytes(StandardCharsets.UTF_8);

        String authorization = signer.authorization("POST", "HTTPS://Mail.Example.ORG:443/v1/keys/release?x=1#top", body);

        assertThat(authorization).startsWith("Sealpost ");
        var claims = SignedJWT.parse(authorization.substring("Sealpost ".length())).getJWTClaimsSet();
        assertThat(claims.getStringClaim("htm")).isEqualTo("POST");
        assertThat(claims.getStringClaim("htu")).isEqualTo("https://mail.example.org/v1/keys/release");
        assertThat(claims.getStringClaim("htb")).isEqualTo(
                Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(Base64.getUrlDecoder().decode(claims.getJWTID())).hasSize(16);

        var again = SignedJWT.parse(signer.token("POST", "https://mail.example.org/v1/keys/release", body)).getJWTClaimsSet();
        assertThat(again.getJWTID()).isNotEqualTo(claims.getJWTID());
        var bodiless = SignedJWT.parse(signer.token("GET", "https://mail.example.org/v1/keys", new byte[0])).getJWTClaimsSet();
        assertThat(bodiless.getClaims()).doesNotContainKey("htb");
    }

    @Test
    void refusesALifetimeOverFiveMinutesAndAKeyThatDoesNotFitTheCertificate() {
        Identity ec = pki.ec("bob@example.org", "secp256r1");
        Identity rsa = pki.rsa("bob@example.org");
        assertThatThrownBy(() -> new DeviceTokenSigner(ec.privateKey(), ec.certificate(), CLOCK, new SecureRandom(),
                Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> new DeviceTokenSigner(rsa.privateKey(), ec.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @ParameterizedTest
    @CsvSource({
            "https://mail.example.org, https://mail.example.org/",
            "HTTPS://MAIL.example.org:443/v1/x?q=1#f, https://mail.example.org/v1/x",
            "http://localhost:80/a%2Fb, http://localhost/a%2Fb",
            "http://127.0.0.1:8080/v1/, http://127.0.0.1:8080/v1/",
            "https://[::1]:8443/v1, https://[::1]:8443/v1"})
    void targetUriDropsWhatIsNotBound(String url, String expected) {
        assertThat(DeviceTokenFormat.targetUri(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/v1/keys", "ftp://example.org/x", "https://user@example.org/x", "https:///x", "not a url"})
    void targetUriRefusesWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> DeviceTokenFormat.targetUri(url)).isInstanceOf(IllegalArgumentException.class);
    }
}
