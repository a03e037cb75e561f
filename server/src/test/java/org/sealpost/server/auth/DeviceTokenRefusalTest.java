package org.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.auth.DeviceAuthenticatorTest.reason;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.ca.testing.TestKeys;
import org.sealpost.ca.keys.CaSigner;
import org.sealpost.core.auth.DeviceTokenFormat;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * Every way a token can be wrong, each changing one thing about a valid token, and each refused
 * with its reason and never with an exception. The database plays no part in these decisions, so
 * they run on H2 alone; {@link DeviceAuthenticatorTest} covers what the database decides on both.
 */
class DeviceTokenRefusalTest {
    private static final String URL = "https://mail.example.org/v1/keys";
    private static final DeviceRequest GET = DeviceRequest.of("GET", URL, null);

    private static TestCa testCa;
    private static TestDatabase testDb;
    private static DeviceCa ca;
    private static Device ecDevice;
    private static Device rsaDevice;
    private static DeviceAuthenticator authenticator;

    @BeforeAll
    static void setUp() {
        testCa = TestCa.create(CaAlgorithm.EC);
        testDb = TestDatabases.h2();
        ca = DeviceCa.open(testCa, testDb.open());
        ecDevice = ca.device(TestKeys.EC_P256, "alice@example.org");
        rsaDevice = ca.device(TestKeys.RSA_2048, "alice@example.org");
        authenticator = ca.authenticator(Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        testDb.close();
    }

    @Test
    void acceptsAValidTokenWhateverTheQuery() {
        String token = ecDevice.authorization("GET", URL + "?address=alice%40example.org", null);
        assertThat(authenticator.authenticate(token, DeviceRequest.of("GET", URL + "?other=1", null)))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void refusesAMissingHeader(String header) {
        assertThat(refusal(header)).isEqualTo(RefusalReason.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def.ghi", "Basic dXNlcjpwYXNz", "Sealpost", "Sealpost abc.def",
            "Sealpost a.b.c.d", "Sealpost !!.YWJj.YWJj", "Sealpost YWJj.YWJj.YWJj", "Sealpost e30.e30.",
            "Sealpost ...", "Sealpost eyJhbGciOiJFUzI1NiJ9.YWJj.YWJj"})
    void refusesAHeaderThatIsNotASealpostToken(String header) {
        assertThat(refusal(header)).isEqualTo(RefusalReason.MALFORMED);
    }

    @Test
    void refusesAnOversizedToken() {
        String huge = "Sealpost " + "a".repeat(5000) + "." + "a".repeat(5000) + ".a";
        assertThat(refusal(huge)).isEqualTo(RefusalReason.MALFORMED);
    }

    @Test
    void theSchemeNameIsCaseInsensitive() {
        String token = ecDevice.authorization("GET", URL, null).substring("Sealpost ".length());
        assertThat(authenticator.authenticate("sEALPOST " + token, GET)).isInstanceOf(DeviceAuthResult.Authenticated.class);
    }

    @Test
    void refusesATamperedPayload() {
        String token = token(ecDevice, "GET", URL + "/mine");
        JWTClaimsSet forged = TokenForge.claims("GET", URL, Instant.now()).build();
        String tampered = TokenForge.replacePart(token, 1, Base64URL.encode(forged.toString()).toString());
        assertThat(refusal("Sealpost " + tampered)).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void refusesATokenSignedWithAnotherKeyThanTheCertificates() {
        String forged = TokenForge.sign(TokenForge.header(JWSAlgorithm.ES256, ecDevice.certificate()).build(),
                TokenForge.claims("GET", URL, Instant.now()).build(), TestKeys.ec("secp256r1").getPrivate());
        assertThat(refusal("Sealpost " + forged)).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void refusesAnUnsecuredToken() {
        JWTClaimsSet claims = TokenForge.claims("GET", URL, Instant.now()).build();
        String none = new PlainJWT(claims).serialize();
        assertThat(none).endsWith(".");
        assertThat(refusal("Sealpost " + none)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);
        // ... also with a signature part, and with "none" spelt in another case
        String withSignature = TokenForge.replacePart(token(ecDevice, "GET", URL), 0,
                Base64URL.encode("{\"alg\":\"none\",\"typ\":\"sealpost-device+jwt\"}").toString());
        assertThat(refusal("Sealpost " + withSignature)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);
        String noneUpper = TokenForge.replacePart(token(ecDevice, "GET", URL), 0,
                Base64URL.encode("{\"alg\":\"NONE\",\"typ\":\"sealpost-device+jwt\"}").toString());
        assertThat(refusal("Sealpost " + noneUpper)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesHs256MadeWithTheCertificatesPublicKeyAsSecret() throws Exception {
        // The classic key-confusion attack: anyone has the public key.
        JWSHeader header = TokenForge.header(JWSAlgorithm.HS256, rsaDevice.certificate()).build();
        String forged = TokenForge.sign(header, new Payload(TokenForge.claims("GET", URL, Instant.now()).build().toJSONObject()),
                new MACSigner(rsaDevice.certificate().getPublicKey().getEncoded()));
        assertThat(refusal("Sealpost " + forged)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAnAlgorithmOffTheListOrNotTheKeys() {
        String rs256 = TokenForge.sign(TokenForge.header(JWSAlgorithm.RS256, rsaDevice.certificate()).build(),
                TokenForge.claims("GET", URL, Instant.now()).build(), rsaDevice.keys().getPrivate());
        assertThat(refusal("Sealpost " + rs256)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);

        String es384OnP256 = TokenForge.replacePart(token(ecDevice, "GET", URL), 0,
                TokenForge.header(JWSAlgorithm.ES384, ecDevice.certificate()).build().toBase64URL().toString());
        assertThat(refusal("Sealpost " + es384OnP256)).isEqualTo(RefusalReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesExpiredAndFutureTokensButToleratesTheClockSkew() {
        Instant now = Instant.now();
        assertThat(refusal(signedAt(now.minus(Duration.ofMinutes(10))))).isEqualTo(RefusalReason.EXPIRED_TOKEN);
        assertThat(refusal(signedAt(now.plus(Duration.ofMinutes(10))))).isEqualTo(RefusalReason.PREMATURE_TOKEN);
        // One-minute tokens: expired 20 s ago, or issued 20 s ahead, is within the 30 s allowance.
        assertThat(authenticator.authenticate(signedAt(now.minus(Duration.ofSeconds(80))), GET))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
        assertThat(authenticator.authenticate(signedAt(now.plus(Duration.ofSeconds(20))), GET))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
    }

    @Test
    void refusesALifetimeOverFiveMinutesOrNotAfterIssue() {
        Instant now = Instant.now();
        assertThat(refusal(forged(TokenForge.claims("GET", URL, now)
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5).plusSeconds(1))))))).isEqualTo(RefusalReason.EXCESSIVE_LIFETIME);
        assertThat(refusal(forged(TokenForge.claims("GET", URL, now).expirationTime(Date.from(now)))))
                .isEqualTo(RefusalReason.EXCESSIVE_LIFETIME);
        assertThat(authenticator.authenticate(forged(TokenForge.claims("GET", URL, now)
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))), GET)).isInstanceOf(DeviceAuthResult.Authenticated.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://mail.example.org/v1/keys/other", "http://mail.example.org/v1/keys",
            "https://evil.example.org/v1/keys", "https://mail.example.org:8443/v1/keys", "https://mail.example.org/v1/KEYS"})
    void refusesATokenMadeForAnotherUrl(String url) {
        assertThat(refusal(ecDevice.authorization("GET", url, null))).isEqualTo(RefusalReason.WRONG_REQUEST);
    }

    @Test
    void refusesATokenMadeForAnotherMethodOrBody() {
        byte[] body = "{\"address\":\"alice@example.org\"}".getBytes(StandardCharsets.UTF_8);
        DeviceRequest post = DeviceRequest.of("POST", URL, body);
        assertThat(refusal(ecDevice.authorization("GET", URL, null), post)).isEqualTo(RefusalReason.WRONG_REQUEST);
        assertThat(refusal(ecDevice.authorization("POST", URL, null), post)).isEqualTo(RefusalReason.WRONG_REQUEST);
        assertThat(refusal(ecDevice.authorization("POST", URL, "{}".getBytes(StandardCharsets.UTF_8)), post))
                .isEqualTo(RefusalReason.WRONG_REQUEST);
        assertThat(refusal(ecDevice.authorization("POST", URL, body), DeviceRequest.of("POST", URL, null)))
                .isEqualTo(RefusalReason.WRONG_REQUEST);
        assertThat(authenticator.authenticate(ecDevice.authorization("POST", URL, body), post))
                .isInstanceOf(DeviceAuthResult.Authenticated.class);
    }

    @Test
    void refusesAHeaderWithoutTheTypeOrTheSingleCertificateOrWithCriticalParameters() throws Exception {
        X509Certificate cert = ecDevice.certificate();
        List<JWSHeader> headers = List.of(
                new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(TokenForge.x5c(cert))).build(),
                TokenForge.header(JWSAlgorithm.ES256, cert).type(JOSEObjectType.JWT).build(),
                TokenForge.header(JWSAlgorithm.ES256, cert).customParam("exp-hint", 1).criticalParams(Set.of("exp-hint")).build(),
                new JWSHeader.Builder(JWSAlgorithm.ES256).type(DeviceTokenFormat.TYPE).build(),
                TokenForge.header(JWSAlgorithm.ES256, cert).x509CertChain(List.of(TokenForge.x5c(cert),
                        TokenForge.x5c(testCa.ca().issuing()))).build(),
                TokenForge.header(JWSAlgorithm.ES256, cert).x509CertChain(List.of(Base64.encode("not a certificate"))).build());
        for (JWSHeader header : headers) {
            String token = TokenForge.sign(header, TokenForge.claims("GET", URL, Instant.now()).build(),
                    ecDevice.keys().getPrivate());
            assertThat(refusal("Sealpost " + token)).as(header.toString()).isEqualTo(RefusalReason.MALFORMED);
        }
    }

    @Test
    void refusesClaimsThatAreMissingOrOfTheWrongForm() {
        Instant now = Instant.now();
        List<String> payloads = List.of(
                TokenForge.claims("GET", URL, now).jwtID(null).build().toString(),
                TokenForge.claims("GET", URL, now).jwtID("short").build().toString(),
                TokenForge.claims("GET", URL, now).jwtID("not base64url: ~~~~~~~~~~~~~~~~~~~~").build().toString(),
                TokenForge.claims("GET", URL, now).jwtID("A".repeat(65)).build().toString(),
                TokenForge.claims("GET", URL, now).claim("htm", 7).build().toString(),
                TokenForge.claims("GET", URL, now).claim("htu", null).build().toString(),
                TokenForge.claims("GET", "mailto:alice@example.org", now).build().toString(),
                TokenForge.claims("GET", URL, now).expirationTime(null).build().toString(),
                TokenForge.claims("GET", URL, now).claim("iat", "yesterday").build().toString(),
                "[1, 2]",
                "not json");
        for (String payload : payloads) {
            String token = TokenForge.sign(TokenForge.header(JWSAlgorithm.ES256, ecDevice.certificate()).build(),
                    new Payload(payload), ecDevice.keys().getPrivate());
            assertThat(refusal("Sealpost " + token)).as(payload).isEqualTo(RefusalReason.MALFORMED);
        }
    }

    @Test
    void refusesAnExpiredCertificate() {
        // A year and a day on, the one-year signing certificate has expired; the token itself is fresh.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(366));
        String token = ecDevice.signer(later).authorization("GET", URL, null);
        DeviceAuthResult result = ca.authenticator(later).authenticate(token, GET);
        assertThat(reason(result)).isEqualTo(RefusalReason.EXPIRED_CERTIFICATE);
        assertThat(((DeviceAuthResult.Refused) result).message()).contains("expired at");
    }

    @Test
    void refusesCertificatesThatAreNotDeviceSigningCertificates() {
        Device ecEncryption = ca.issue(TestKeys.EC_P384, "encryption", "alice@example.org");
        Device rsaEncryption = ca.issue(TestKeys.RSA_2048, "encryption", "alice@example.org");
        Device twoAddresses = ca.issue(TestKeys.EC_P256, "signing-v1", "alice@example.org", "bob@example.org");
        for (Device device : List.of(ecEncryption, rsaEncryption, twoAddresses)) {
            String token = TokenForge.sign(TokenForge.header(algorithm(device), device.certificate()).build(),
                    TokenForge.claims("GET", URL, Instant.now()).build(), device.keys().getPrivate());
            assertThat(refusal("Sealpost " + token)).as(device.certificate().getSubjectX500Principal().getName())
                    .isEqualTo(RefusalReason.WRONG_PURPOSE);
        }
    }

    @Test
    void refusesTheCasOwnCertificates() {
        var loaded = testCa.ca();
        record Holder(X509Certificate certificate, CaSigner signer) {
        }
        for (Holder holder : List.of(new Holder(loaded.tsa(), loaded.tsaSigner()),
                new Holder(loaded.issuing(), loaded.issuingSigner()))) {
            String token = TokenForge.sign(TokenForge.header(JWSAlgorithm.ES384, holder.certificate()).build(),
                    TokenForge.claims("GET", URL, Instant.now()).build(), holder.signer().key());
            assertThat(refusal("Sealpost " + token)).isEqualTo(RefusalReason.UNKNOWN_CERTIFICATE);
        }
    }

    @Test
    void noAlteredCopyOfAUsedTokenGetsThroughAndNoneThrows() {
        String header = ecDevice.authorization("GET", URL, null);
        assertThat(authenticator.authenticate(header, GET)).isInstanceOf(DeviceAuthResult.Authenticated.class);
        String token = header.substring("Sealpost ".length());
        Random random = new Random(42);
        char[] alphabet = "AQgw_-.=+/ {}\"0\u00e9".toCharArray();
        for (int i = 0; i < 600; i++) {
            int at = random.nextInt(token.length());
            String altered = switch (i % 3) {
                case 0 -> token.substring(0, at) + alphabet[random.nextInt(alphabet.length)] + token.substring(at + 1);
                case 1 -> token.substring(0, at);
                default -> token.substring(0, at) + token.substring(at + 1 + random.nextInt(Math.min(8, token.length() - at)));
            };
            DeviceAuthResult result = authenticator.authenticate("Sealpost " + altered, GET);
            assertThat(result).as(altered).isInstanceOf(DeviceAuthResult.Refused.class);
        }
    }

    private static JWSAlgorithm algorithm(Device device) {
        return DeviceTokenFormat.algorithmFor(device.certificate().getPublicKey());
    }

    private static String token(Device device, String method, String url) {
        return device.signer(Clock.systemUTC()).token(method, url, null);
    }

    private static String signedAt(Instant at) {
        return new DeviceTokenSigner(ecDevice.keys().getPrivate(), ecDevice.certificate(), Clock.fixed(at, ZoneOffset.UTC),
                new SecureRandom(), Duration.ofMinutes(1)).authorization("GET", URL, null);
    }

    private static String forged(JWTClaimsSet.Builder claims) {
        return "Sealpost " + TokenForge.sign(TokenForge.header(JWSAlgorithm.ES256, ecDevice.certificate()).build(),
                claims.build(), ecDevice.keys().getPrivate());
    }

    private static RefusalReason refusal(String authorization) {
        return refusal(authorization, GET);
    }

    private static RefusalReason refusal(String authorization, DeviceRequest request) {
        return reason(authenticator.authenticate(authorization, request));
    }
}
