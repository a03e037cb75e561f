package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.ca.revocation.CertificateStatus;
import org.sealpost.ca.revocation.OcspResponder;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.revocation.RevocationSigner;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * The OCSP side of the revocation re-check of harvested certificates, against responders served
 * over real HTTP: the CA module's own {@link OcspResponder} signing as the harvested certificate's
 * issuer, and hand-built Bouncy Castle responses for what must be refused.
 */
class OcspRecheckTest {
    private static final TestCertificates PKI = new TestCertificates("Ocsp");
    private static final Duration INTERVAL = Duration.ofDays(1);

    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<byte[]> crl = new AtomicReference<>();
    private final AtomicInteger crlRequests = new AtomicInteger();
    private TestOcspResponder ocsp;
    private HttpServer crlServer;
    private String crlUrl;
    private TestDatabase h2;
    private DirectoryRig rig;
    private Harvester harvester;
    private HarvestedRecheck recheck;

    @BeforeEach
    void start() throws Exception {
        ocsp = new TestOcspResponder();
        crlServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crlServer.createContext("/mail-ca.crl", exchange -> {
            crlRequests.incrementAndGet();
            byte[] body = crl.get();
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        crlServer.start();
        crlUrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/mail-ca.crl";
        h2 = TestDatabases.h2();
        rig = new DirectoryRig(h2.open());
        harvester = new Harvester(rig.db, rig.audit, new TrustStore(List.of(PKI.root), "test"), rig.clock);
        recheck = new HarvestedRecheck(rig.db, rig.audit, rig.clock, INTERVAL);
        // The issuer's own responder, as this project's CA runs it; its clock is the directory's.
        OcspResponder issuerResponder = new OcspResponder(new RevocationSigner(PKI.intermediate, PKI.intermediateKey.getPrivate()),
                serial -> statuses.getOrDefault(serial, CertificateStatus.unknown()), rig.clock, Duration.ofDays(2));
        ocsp.answer(request -> {
            try {
                return issuerResponder.respond(request.getEncoded());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() {
        ocsp.close();
        crlServer.stop(0);
        rig.close();
        h2.close();
    }

    @Test
    void goodKeepsTheCertificateAndRevokedRemovesItWithoutDownloadingTheCrl() throws Exception {
        X509Certificate cert = harvest("ada@example.org", crlUrl, ocsp.url());
        crl.set(PKI.crl(PKI.intermediateKey).getEncoded());
        statuses.put(cert.getSerialNumber(), CertificateStatus.good());

        assertThat(runRecheck()).isZero();
        assertThat(published("ada@example.org")).isTrue();

        Instant revokedAt = rig.clock.instant().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        statuses.put(cert.getSerialNumber(), CertificateStatus.revoked(revokedAt, RevocationReason.KEY_COMPROMISE));
        assertThat(runRecheck()).isEqualTo(1);

        assertThat(published("ada@example.org")).isFalse();
        assertThat(ocsp.requests()).isEqualTo(2);
        assertThat(crlRequests).as("a usable OCSP answer ends the check").hasValue(0);
        assertThat(rig.audit.tail(20)).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("directory.revoked");
            assertThat(a.subject()).isEqualTo(PublishedCertificate.fingerprint(cert));
            assertThat(a.details()).contains("revoked-at=" + revokedAt, "via=ocsp");
        });
    }

    @Test
    void unknownToTheResponderLeavesTheCertificateAsItIs() {
        harvest("bo@example.org", null, ocsp.url());

        assertThat(runRecheck()).isZero();

        assertThat(ocsp.requests()).isEqualTo(1);
        assertThat(published("bo@example.org")).isTrue();
    }

    @Test
    void aDelegatedResponderTheIssuerCertifiedForOcspSigningIsBelieved() {
        X509Certificate cert = harvest("cy@example.org", null, ocsp.url());
        KeyPair responderKey = TestCertificates.rsa(2048);
        X509Certificate responder = PKI.responder(responderKey, PKI.intermediateKey, KeyPurposeId.id_kp_OCSPSigning);
        ocsp.answer(request -> TestOcspResponder.signed(request, revoked(), now(), now().plus(INTERVAL), responderKey, responder,
                responder));

        assertThat(runRecheck()).isEqualTo(1);

        assertThat(published("cy@example.org")).isFalse();
    }

    @Test
    void aResponseSignedByAnyoneButTheIssuerOrItsOcspDelegateIsRefused() {
        KeyPair stranger = TestCertificates.rsa(2048);
        // Each address's responder signs with the stranger's key, enclosing: the issuer's own certificate
        // (the key merely claims the issuer's name); a delegate of the issuer without id-kp-OCSPSigning; a
        // delegate naming the issuer but signed by another key; one signed by the issuer's own CA instead.
        Map<String, X509Certificate> enclosed = Map.of(
                "claims-issuer@example.org", PKI.intermediate,
                "not-for-ocsp@example.org", PKI.responder(stranger, PKI.intermediateKey, KeyPurposeId.id_kp_emailProtection),
                "not-by-issuer@example.org", PKI.responder(stranger, TestCertificates.rsa(2048), KeyPurposeId.id_kp_OCSPSigning),
                "by-the-root@example.org", PKI.responder(stranger, PKI.rootKey, KeyPurposeId.id_kp_OCSPSigning));
        Map<BigInteger, X509Certificate> bySerial = new ConcurrentHashMap<>();
        enclosed.forEach((address, cert) -> bySerial.put(harvest(address, null, ocsp.url()).getSerialNumber(), cert));
        ocsp.answer(request -> {
            X509Certificate signer = bySerial.get(request.getRequestList()[0].getCertID().getSerialNumber());
            return TestOcspResponder.signed(request, revoked(), now(), now().plus(INTERVAL), stranger, signer, signer);
        });

        assertThat(runRecheck()).isZero();

        assertThat(ocsp.requests()).isEqualTo(4);
        assertThat(enclosed.keySet()).allSatisfy(address -> assertThat(published(address)).as(address).isTrue());
    }

    @Test
    void aStaleAFutureOrAMismatchedResponseIsRefused() {
        X509Certificate other = PKI.leaf(TestCertificates.Leaf.of("other@example.org"));
        Duration day = Duration.ofDays(1);
        Map<String, Function<OCSPReq, byte[]>> answers = Map.of(
                "next-update-passed@example.org", request -> TestOcspResponder.signed(request, revoked(),
                        now().minus(day.multipliedBy(3)), now().minusSeconds(60), PKI.intermediateKey, PKI.intermediate),
                "two-days-old@example.org", request -> TestOcspResponder.signed(request, revoked(), now().minus(day.multipliedBy(2)),
                        null, PKI.intermediateKey, PKI.intermediate),
                "an-hour-ahead@example.org", request -> TestOcspResponder.signed(request, revoked(), now().plus(Duration.ofHours(1)),
                        now().plus(day), PKI.intermediateKey, PKI.intermediate),
                "about-another@example.org", request -> TestOcspResponder.about(TestOcspResponder.idOf(other, PKI.intermediate),
                        revoked(), now(), now().plus(day), PKI.intermediateKey, PKI.intermediate));
        Map<BigInteger, Function<OCSPReq, byte[]>> bySerial = new ConcurrentHashMap<>();
        answers.forEach((address, answer) -> bySerial.put(harvest(address, null, ocsp.url()).getSerialNumber(), answer));
        ocsp.answer(request -> bySerial.get(request.getRequestList()[0].getCertID().getSerialNumber()).apply(request));

        assertThat(runRecheck()).isZero();

        assertThat(answers.keySet()).allSatisfy(address -> assertThat(published(address)).as(address).isTrue());
        // The same responder answering properly is believed.
        ocsp.answer(request -> TestOcspResponder.signed(request, revoked(), now(), now().plus(day), PKI.intermediateKey,
                PKI.intermediate));
        assertThat(runRecheck()).isEqualTo(4);
    }

    @Test
    void anUnreachableOrFailingResponderLeavesTheCertificateUnlessItsCrlSaysRevoked() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closedPort + "/ocsp";
        harvest("fin@example.org", null, unreachable);
        X509Certificate withCrl = harvest("gus@example.org", crlUrl, unreachable);
        crl.set(PKI.crl(PKI.intermediateKey).getEncoded());

        assertThat(runRecheck()).isZero();
        assertThat(published("fin@example.org")).isTrue();
        assertThat(published("gus@example.org")).isTrue();

        X509Certificate tryLater = harvest("hal@example.org", null, ocsp.url());
        ocsp.answer(request -> {
            try {
                return new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        crl.set(PKI.crl(PKI.intermediateKey, withCrl.getSerialNumber(), tryLater.getSerialNumber()).getEncoded());
        assertThat(runRecheck()).as("the CRL is the fallback when OCSP gives no answer").isEqualTo(1);

        assertThat(published("fin@example.org")).isTrue();
        assertThat(published("gus@example.org")).isFalse();
        assertThat(published("hal@example.org")).as("no CRL named, tryLater is no answer").isTrue();
        assertThat(rig.audit.tail(20)).anySatisfy(a -> {
            assertThat(a.subject()).isEqualTo(PublishedCertificate.fingerprint(withCrl));
            assertThat(a.details()).contains("via=crl");
        });
    }

    private int runRecheck() {
        rig.clock.advance(INTERVAL.plusSeconds(1));
        return recheck.run();
    }

    private Instant now() {
        return rig.clock.instant();
    }

    private RevokedStatus revoked() {
        return new RevokedStatus(java.util.Date.from(now().minusSeconds(600)), CRLReason.keyCompromise);
    }

    private boolean published(String address) {
        return !rig.directory.lookup(address).certificates().isEmpty();
    }

    private X509Certificate harvest(String address, String crlUrl, String ocspUrl) {
        X509Certificate cert = PKI.leaf(TestCertificates.Leaf.of(address), crlUrl, ocspUrl);
        assertThat(harvester.harvest(List.of(HarvesterTest.pem(cert)), List.of(HarvesterTest.pem(PKI.intermediate)), "alice@example.org"))
                .singleElement().isInstanceOf(HarvestOutcome.Published.class);
        return cert;
    }
}
