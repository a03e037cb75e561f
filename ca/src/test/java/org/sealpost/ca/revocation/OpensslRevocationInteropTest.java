package org.sealpost.ca.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.testing.SharedFixtures;

/**
 * The real {@code openssl ocsp} and {@code openssl crl} (3.x) as peers: OpenSSL builds the OCSP
 * request, the responder answers, OpenSSL verifies and prints the answer; OpenSSL verifies CRLs.
 * Skipped with a notice when openssl is missing, unless sealpost.requireVectors is true.
 */
class OpensslRevocationInteropTest {
    private static final TestHierarchy PKI = new TestHierarchy("Interop");
    private final ConcurrentHashMap<BigInteger, CertificateStatus> db = new ConcurrentHashMap<>();
    private final OcspResponder responder = new OcspResponder(PKI.signer(),
            serial -> db.getOrDefault(serial, new CertificateStatus.Unknown()), Clock.systemUTC(), Duration.ofDays(1));

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOpenssl() {
        SharedFixtures.requireTool("openssl", "version");
    }

    @Test
    void opensslSeesGoodThenRevokedWithReason() throws Exception {
        writePems();
        db.put(PKI.leafSerial, new CertificateStatus.Good());
        assertThat(ask("leaf.pem")).contains("leaf.pem: good").contains("Response verify OK");

        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        db.put(PKI.leafSerial, new CertificateStatus.Revoked(at, RevocationReason.KEY_COMPROMISE));
        assertThat(ask("leaf.pem")).contains("leaf.pem: revoked").contains("Reason: keyCompromise")
                .contains("Response verify OK");
    }

    @Test
    void opensslSeesUnknownForAnUnknownSerial() throws Exception {
        writePems();
        Result req = run("openssl", "ocsp", "-issuer", "issuing.pem", "-serial", "0x1234", "-no_nonce", "-reqout", "req.der");
        assertThat(req.exit).as(req.err).isZero();
        Files.write(dir.resolve("resp.der"), responder.respond(Files.readAllBytes(dir.resolve("req.der"))));
        Result resp = run("openssl", "ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-CAfile", "root.pem",
                "-serial", "0x1234", "-resp_text");
        assertThat(resp.out).contains("0x1234: unknown");
    }

    @Test
    void malformedRequestIsAResponseOpensslParses() throws Exception {
        writePems();
        Files.write(dir.resolve("resp.der"), responder.respond("not an OCSP request".getBytes(StandardCharsets.US_ASCII)));
        Result resp = run("openssl", "ocsp", "-respin", "resp.der", "-resp_text", "-noverify");
        assertThat(resp.out + resp.err).contains("malformedrequest");
    }

    @Test
    void opensslVerifiesAndListsTheCrl() throws Exception {
        writePems();
        Instant now = Instant.now();
        var crl = new CrlGenerator().generate(PKI.signer(), 7, now, now.plus(Duration.ofDays(7)), List.of(
                new RevokedCertificate(PKI.leafSerial, now.minusSeconds(600), RevocationReason.KEY_COMPROMISE),
                new RevokedCertificate(BigInteger.valueOf(3), now.minusSeconds(900), RevocationReason.UNSPECIFIED)));
        Files.write(dir.resolve("crl.der"), crl.getEncoded());
        Result text = run("openssl", "crl", "-in", "crl.der", "-inform", "DER", "-text", "-noout");
        assertThat(text.exit).as(text.err).isZero();
        assertThat(text.out).contains("Serial Number: " + PKI.leafSerial.toString(16).toUpperCase())
                .contains("Key Compromise").contains("X509v3 CRL Number").contains("7")
                .contains("X509v3 Authority Key Identifier").contains("Version 2");
        Result verify = run("openssl", "crl", "-in", "crl.der", "-inform", "DER", "-CAfile", "issuing.pem", "-verify", "-noout");
        assertThat(verify.exit).as(verify.err).isZero();
        assertThat(verify.err + verify.out).contains("verify OK");
    }

    private String ask(String certFile) throws Exception {
        Result req = run("openssl", "ocsp", "-issuer", "issuing.pem", "-cert", certFile, "-reqout", "req.der");
        assertThat(req.exit).as(req.err).isZero();
        Files.write(dir.resolve("resp.der"), responder.respond(Files.readAllBytes(dir.resolve("req.der"))));
        // -no_nonce: with -cert, openssl builds a second request with a fresh nonce of its own
        // that the response cannot echo; the echo of the real request's nonce is checked below.
        Result resp = run("openssl", "ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-CAfile", "root.pem",
                "-cert", certFile, "-resp_text", "-no_nonce");
        assertThat(resp.exit).as(resp.out + resp.err).isZero();
        var request = new org.bouncycastle.cert.ocsp.OCSPReq(Files.readAllBytes(dir.resolve("req.der")));
        var basic = (org.bouncycastle.cert.ocsp.BasicOCSPResp) new org.bouncycastle.cert.ocsp.OCSPResp(
                Files.readAllBytes(dir.resolve("resp.der"))).getResponseObject();
        var oid = org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce;
        assertThat(basic.getExtension(oid).getExtnValue()).isEqualTo(request.getExtension(oid).getExtnValue());
        return resp.out + resp.err;
    }

    private void writePems() throws Exception {
        Files.writeString(dir.resolve("root.pem"), EphemeralPki.pem(PKI.root));
        Files.writeString(dir.resolve("issuing.pem"), EphemeralPki.pem(PKI.issuing));
        Files.writeString(dir.resolve("leaf.pem"), EphemeralPki.pem(PKI.leaf));
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... command) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }
}
