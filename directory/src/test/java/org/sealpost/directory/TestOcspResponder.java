package org.sealpost.directory;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * An OCSP responder over real HTTP (com.sun.net.httpserver) whose answer the test chooses per
 * request: the CA module's {@link org.sealpost.ca.revocation.OcspResponder}, or a response built here
 * with Bouncy Castle, including the ones a client must refuse (wrong signer, stale, about another
 * certificate). Counts the requests it gets.
 */
final class TestOcspResponder implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<Function<OCSPReq, byte[]>> answer = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();

    TestOcspResponder() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/ocsp", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            try {
                body = answer.get().apply(new OCSPReq(exchange.getRequestBody().readAllBytes()));
            } catch (IOException | RuntimeException e) {
                body = null;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(body == null ? 500 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    /** Answers every request from now on with what {@code respond} makes of it. */
    void answer(Function<OCSPReq, byte[]> respond) {
        answer.set(respond);
    }

    int requests() {
        return requests.get();
    }

    /**
     * A successful response about the first CertID asked, saying {@code status} for
     * {@code thisUpdate} to {@code nextUpdate} (none when null), signed by {@code signer} in the name
     * of {@code signerCert}, with {@code enclosed} certificates in it.
     */
    static byte[] signed(OCSPReq request, CertificateStatus status, Instant thisUpdate, Instant nextUpdate, KeyPair signer,
            X509Certificate signerCert, X509Certificate... enclosed) {
        return about(request.getRequestList()[0].getCertID(), status, thisUpdate, nextUpdate, signer, signerCert, enclosed);
    }

    /** As {@link #signed}, but about the CertID {@code id}, whatever was asked. */
    static byte[] about(CertificateID id, CertificateStatus status, Instant thisUpdate, Instant nextUpdate, KeyPair signer,
            X509Certificate signerCert, X509Certificate... enclosed) {
        try {
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(new JcaX509CertificateHolder(signerCert).getSubject()));
            b.addResponse(id, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate), null);
            X509CertificateHolder[] holders = new X509CertificateHolder[enclosed.length];
            for (int i = 0; i < enclosed.length; i++) {
                holders[i] = new JcaX509CertificateHolder(enclosed[i]);
            }
            BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(CryptoProviders.bouncyCastle())
                    .build(signer.getPrivate()), holders, Date.from(thisUpdate));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-1 CertID of {@code cert} issued by {@code issuer}. */
    static CertificateID idOf(X509Certificate cert, X509Certificate issuer) {
        try {
            return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
