package org.sealpost.server.pki;

import java.util.Optional;

/**
 * What the public PKI endpoints need from the CA and the TSA. The server assembles it from the
 * {@code ca} and {@code tsa} modules; keeping HTTP apart from them lets each be tested alone.
 */
public interface PkiEndpoints {

    /** The current CRL of a CA ({@code issuing} or {@code root}), DER; empty for an unknown CA. */
    Optional<byte[]> crl(String issuer);

    /** An RFC 6960 response (DER) to a request (DER); malformed requests get an OCSP error status, not an exception. */
    byte[] ocsp(byte[] request);

    /** An RFC 3161 TimeStampResp (DER) to a TimeStampReq; bad requests get a PKIStatus rejection. */
    byte[] timestamp(byte[] query);

    /** A CA certificate ({@code root} or {@code issuing}), DER; empty for an unknown name. */
    Optional<byte[]> caCertificate(String name);
}
