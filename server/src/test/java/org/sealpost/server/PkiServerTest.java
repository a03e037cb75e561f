package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.Csr;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.PolicyOids;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.testing.Tool;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import org.sealpost.core.testing.Messages;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;
import org.sealpost.server.enroll.EnrollmentSettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.server.keys.VaultTopology;
import org.sealpost.storage.DatabaseConfig;

/**
 * The server's PKI endpoints over real HTTP, checked by independent peers: {@code openssl verify},
 * {@code openssl ocsp} (good, then revoked), {@code openssl crl}, {@code openssl ts -verify}, and
 * the engine signing with a timestamp from the server's TSA.
 */
class PkiServerTest {
    @TempDir
    static Path dir;

    private static SealpostServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path rootPem;
    private static Path chainPem;
    private static Path issuingPem;

    @BeforeAll
    static void start() throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        Path data = dir.resolve("data");
        server = SealpostServer.start(new ServerSettings(data, DatabaseConfig.embedded(data), "127.0.0.1", 0,
                Optional.empty(), Optional.of("server-test-password".toCharArray()), CaAlgorithm.EC,
                new KmsSettings(new VaultTopology.Embedded(2), 2, KeySpec.EC_P256, new KeyPoolSettings(Map.of(), 1),
                        KmsSettings.DEFAULT_CLEANUP_INTERVAL, KmsSettings.DEFAULT_CLEANUP_OLDER_THAN),
                EnrollmentSettings.defaults()));
        base = "http://127.0.0.1:" + server.port();
        rootPem = Files.write(dir.resolve("root.pem"), get("/ca/root.pem").body());
        issuingPem = Files.write(dir.resolve("issuing.pem"), get("/ca/issuing.pem").body());
        chainPem = Files.writeString(dir.resolve("chain.pem"), Files.readString(issuingPem) + Files.readString(rootPem));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void opensslVerifiesAnIssuedCertificateWithTheServedChain() throws Exception {
        Issued alice = issue("alice@example.org", "signing-v1");
        Tool.Result verify = Tool.run("openssl", "verify", "-CAfile", rootPem.toString(), "-untrusted",
                issuingPem.toString(), "-purpose", "smimesign", alice.pem().toString());
        assertThat(verify.output()).as(verify.describe()).contains(": OK");
        assertThat(get("/ca/issuing.cer").headers().firstValue("Content-Type")).contains("application/pkix-cert");
    }

    @Test
    void opensslOcspSeesGoodThenRevokedAndTheCrlListsTheSerial() throws Exception {
        Issued bob = issue("bob@example.org", "encryption");
        assertThat(ocsp(bob)).contains(bob.pem() + ": good");

        server.ca().revocations().revoke(bob.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");

        String revoked = ocsp(bob);
        assertThat(revoked).contains(bob.pem() + ": revoked").contains("Reason: keyCompromise");

        Path crl = Files.write(dir.resolve("issuing.crl"), get("/crl/issuing.crl").body());
        Tool.Result text = Tool.run("openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-noout", "-text",
                "-CAfile", chainPem.toString());
        assertThat(text.output()).as(text.describe())
                .contains("verify OK")
                .containsIgnoringCase(bob.certificate().getSerialNumber().toString(16))
                .contains("Key Compromise");
        Path rootCrl = Files.write(dir.resolve("root.crl"), get("/crl/root.crl").body());
        Tool.Result root = Tool.run("openssl", "crl", "-inform", "DER", "-in", rootCrl.toString(), "-noout",
                "-CAfile", rootPem.toString());
        assertThat(root.output()).as(root.describe()).contains("verify OK");
    }

    @Test
    void oneOcspUrlAnswersForTheRootsCertificatesToo() throws Exception {
        Path tsaPem = Files.write(dir.resolve("tsa.pem"), get("/ca/tsa.pem").body());
        for (Path cert : List.of(issuingPem, tsaPem)) {
            Tool.Result result = Tool.run("openssl", "ocsp", "-issuer", rootPem.toString(), "-cert", cert.toString(),
                    "-url", base + "/ocsp", "-CAfile", rootPem.toString());
            assertThat(result.output()).as(result.describe()).contains("Response verify OK").contains(cert + ": good");
        }
    }

    @Test
    void answersTheCacheableGetFormOfOcsp() throws Exception {
        Issued carol = issue("carol@example.org", "signing-v1");
        server.ca().revocations().revoke(carol.certificate().getSerialNumber(), RevocationReason.SUPERSEDED, "test");
        X509Certificate issuing = server.ca().ca().issuing();
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuing), carol.certificate().getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        String path = "/ocsp/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);

        HttpResponse<byte[]> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));
        OCSPResp ocsp = new OCSPResp(response.body());
        assertThat(ocsp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        var status = ((BasicOCSPResp) ocsp.getResponseObject()).getResponses()[0].getCertStatus();
        assertThat(status).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) status).getRevocationReason()).isEqualTo(RevocationReason.SUPERSEDED.code());
    }

    @Test
    void opensslTsVerifiesTheTimestampReply() throws Exception {
        Path data = Files.writeString(dir.resolve("document.txt"), "timestamp me\n");
        Path query = dir.resolve("q.tsq");
        for (String digest : List.of("-sha256", "-sha512")) {
            Tool.Result q = Tool.run("openssl", "ts", "-query", "-data", data.toString(), digest, "-cert", "-out",
                    query.toString());
            assertThat(q.ok()).as(q.describe()).isTrue();
            HttpResponse<byte[]> reply = post("/tsa", "application/timestamp-query", Files.readAllBytes(query));
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Type")).contains("application/timestamp-reply");
            Path tsr = Files.write(dir.resolve("r.tsr"), reply.body());
            Tool.Result verify = Tool.run("openssl", "ts", "-verify", "-data", data.toString(), "-in", tsr.toString(),
                    "-CAfile", rootPem.toString());
            assertThat(verify.output()).as(verify.describe()).contains("Verification: OK");
            // The token's policy is the one the TSA certificate asserts.
            Tool.Result text = Tool.run("openssl", "ts", "-reply", "-in", tsr.toString(), "-text");
            assertThat(text.output()).as(text.describe()).contains("Policy OID: " + PolicyOids.SEALPOST_TIMESTAMPING);
        }
    }

    @Test
    void theEngineSignsWithATimestampFromTheServerAndVerifiesIt() throws Exception {
        Issued dave = issue("dave@example.org", "signing-v1");
        Identity identity = new Identity(dave.keys().getPrivate(), List.of(dave.certificate(), server.ca().ca().issuing()));
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(Messages.plain("dave@example.org", "erin@example.org", "Stamped.\r\n")),
                signed, SignOptions.detached(identity).withTimestamps(HttpTimestampClient.create(URI.create(base + "/tsa"))));

        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(signed.toByteArray()),
                VerifyOptions.trusting(server.ca().ca().root()), null);

        assertThat(report.valid()).as(report.reason()).isTrue();
        var timestamp = report.signers().get(0).timestamp().orElseThrow();
        assertThat(timestamp.valid()).as(timestamp.reason()).isTrue();
        assertThat(timestamp.trusted()).as(timestamp.reason()).isTrue();
    }

    @Test
    void badRequestsGetProtocolErrorsOrJsonErrorsNeverAServerError() throws Exception {
        HttpResponse<byte[]> garbageOcsp = post("/ocsp", "application/ocsp-request", "not DER".getBytes());
        assertThat(garbageOcsp.statusCode()).isEqualTo(200);
        assertThat(new OCSPResp(garbageOcsp.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);

        HttpResponse<byte[]> garbageTsa = post("/tsa", "application/timestamp-query", new byte[] {0x30, 0x03, 1, 2, 3});
        assertThat(garbageTsa.statusCode()).isEqualTo(200);
        assertThat(new TimeStampResponse(garbageTsa.body()).getStatus()).isEqualTo(2); // rejection

        assertJsonError(post("/ocsp", "text/plain", new byte[10]), 415, "unsupported_media_type");
        assertJsonError(post("/tsa", "application/timestamp-query", new byte[70_000]), 413, "payload_too_large");
        HttpResponse<byte[]> notBase64 = get("/ocsp/%2A%2Anot-base64");
        assertThat(notBase64.statusCode()).isEqualTo(200);
        assertThat(new OCSPResp(notBase64.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertJsonError(put("/ocsp"), 405, "method_not_allowed");
        assertJsonError(get("/crl/nobody.crl"), 404, "not_found");
        assertJsonError(get("/ca/root.exe"), 404, "not_found");
        assertJsonError(get("/no/such/path"), 404, "not_found");
        assertThat(head("/ca/bogus.pem").statusCode()).isEqualTo(404);
        assertThat(head("/crl/nobody.crl").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> headRoot = head("/ca/root.pem");
        assertThat(headRoot.statusCode()).isEqualTo(200);
        assertThat(headRoot.headers().firstValue("Content-Type")).contains("application/x-pem-file");
    }

    @Test
    void healthReportsEveryComponent() throws Exception {
        HttpResponse<byte[]> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new String(health.body(), StandardCharsets.UTF_8))
                .contains("\"status\":\"ok\"").contains("\"database\"").contains("\"ca\"").contains("\"tsa\"");
    }

    private static void assertJsonError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"error\":\"" + code + "\"")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    private String ocsp(Issued issued) {
        Tool.Result result = Tool.run("openssl", "ocsp", "-issuer", issuingPem.toString(), "-cert",
                issued.pem().toString(), "-url", base + "/ocsp", "-CAfile", rootPem.toString());
        assertThat(result.output()).as(result.describe()).contains("Response verify OK");
        return result.output();
    }

    private record Issued(KeyPair keys, X509Certificate certificate, Path pem) {
    }

    private static Issued issue(String email, String profile) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + email), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        try {
            var issued = server.ca().issuance().issue(
                    IssuanceRequest.fromCsr(Csr.parse(csr), profile).withEmails(List.of(email)), "test");
            Path pem = Files.writeString(dir.resolve(email + ".pem"), issued.pem());
            return new Issued(keys, issued.certificate(), pem);
        } catch (CaException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> head(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> put(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String path, String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
