package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** The revocation re-check of harvested certificates against their CA's CRL, served over real HTTP. */
class HarvestedRecheckTest {
    private static final TestCertificates PKI = new TestCertificates("Recheck");
    private static final Duration INTERVAL = Duration.ofDays(1);

    private final AtomicReference<byte[]> crl = new AtomicReference<>();
    private HttpServer crlServer;
    private String crlUrl;
    private TestDatabase h2;
    private DirectoryRig rig;
    private Harvester harvester;
    private HarvestedRecheck recheck;

    @BeforeEach
    void start() throws Exception {
        crlServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crlServer.createContext("/mail-ca.crl", exchange -> {
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
    }

    @AfterEach
    void stop() {
        crlServer.stop(0);
        rig.close();
        h2.close();
    }

    @Test
    void aCertificateItsCaRevokesLeavesTheAnswersAtTheNextRecheck() throws Exception {
        X509Certificate cert = harvest("uma@example.org", crlUrl);
        crl.set(PKI.crl(PKI.intermediateKey).getEncoded());
        rig.clock.advance(INTERVAL.plusSeconds(1));
        assertThat(recheck.run()).isZero();
        assertThat(rig.directory.lookup("uma@example.org").certificates()).hasSize(1);

        crl.set(PKI.crl(PKI.intermediateKey, cert.getSerialNumber()).getEncoded());
        assertThat(recheck.run()).as("not due again before the interval").isZero();
        rig.clock.advance(INTERVAL.plusSeconds(1));
        assertThat(recheck.run()).isEqualTo(1);

        assertThat(rig.directory.lookup("uma@example.org").certificates()).isEmpty();
        assertThat(rig.audit.tail(20)).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("directory.revoked");
            assertThat(a.subject()).isEqualTo(PublishedCertificate.fingerprint(cert));
        });
    }

    @Test
    void aCrlSignedByAnotherKeyOrAnUnreachableCaRevokesNothing() throws Exception {
        X509Certificate forged = harvest("vic@example.org", crlUrl);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        harvest("wes@example.org", "http://127.0.0.1:" + closedPort + "/gone.crl");
        crl.set(PKI.crl(TestCertificates.rsa(2048), forged.getSerialNumber()).getEncoded());
        rig.clock.advance(INTERVAL.plusSeconds(1));

        assertThat(recheck.run()).isZero();

        assertThat(rig.directory.lookup("vic@example.org").certificates()).hasSize(1);
        assertThat(rig.directory.lookup("wes@example.org").certificates()).hasSize(1);
    }

    private X509Certificate harvest(String address, String url) {
        X509Certificate cert = PKI.leaf(TestCertificates.Leaf.of(address), url);
        assertThat(harvester.harvest(List.of(HarvesterTest.pem(cert)), List.of(HarvesterTest.pem(PKI.intermediate)), "alice@example.org"))
                .singleElement().isInstanceOf(HarvestOutcome.Published.class);
        return cert;
    }
}
