package org.sealpost.core.smime.sign;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.sealpost.core.TimestampException;

/** RFC 3161 over HTTP (RFC 3161 section 3.4): POST application/timestamp-query. */
public final class HttpTimestampClient implements TimestampClient {
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private final URI url;
    private final HttpClient http;
    private final SecureRandom random;

    public HttpTimestampClient(URI url, HttpClient http, SecureRandom random) {
        this.url = url;
        this.http = http;
        this.random = random;
    }

    public static HttpTimestampClient create(URI url) {
        return new HttpTimestampClient(url,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), new SecureRandom());
    }

    @Override
    public TimeStampToken timestamp(ASN1ObjectIdentifier digestOid, byte[] imprint) throws TimestampException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new TimestampException("timestamp authority " + url + " is not an http:// or https:// URL");
        }
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequest request = gen.generate(digestOid, imprint, nonce);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TimestampException("timestamp authority " + url + " cannot be reached: " + unreachable(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampException("interrupted while waiting for the timestamp authority");
        }
        if (response.statusCode() != 200) {
            throw new TimestampException("timestamp authority " + url + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_RESPONSE_BYTES) {
            throw new TimestampException("timestamp authority " + url + " sent an oversized response");
        }
        try {
            TimeStampResponse tsr = new TimeStampResponse(response.body());
            tsr.validate(request);
            TimeStampToken token = tsr.getTimeStampToken();
            if (token == null) {
                throw new TimestampException("timestamp authority " + url + " refused the request: "
                        + (tsr.getStatusString() != null ? tsr.getStatusString() : "status " + tsr.getStatus()));
            }
            return token;
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException("timestamp authority " + url + " sent an unusable response: "
                    + org.sealpost.core.smime.cms.CmsContentType.describe(e), e);
        }
    }

    /** Why a connection failed, in words: the JDK's ConnectException often has no message at all. */
    private static String unreachable(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "the connection failed" : m.replaceAll("\\s+", " ");
    }
}
