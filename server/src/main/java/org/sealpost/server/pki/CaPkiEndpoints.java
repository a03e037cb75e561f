package org.sealpost.server.pki;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import org.sealpost.ca.service.OcspResponders;
import org.sealpost.ca.service.CrlPublisher;
import org.sealpost.ca.store.StoredCrl;
import org.sealpost.tsa.TimeStampAuthority;

/** The PKI endpoints backed by the CA's CRL publisher and OCSP responder and by the TSA. */
public final class CaPkiEndpoints implements PkiEndpoints {
    private final CrlPublisher crls;
    private final OcspResponders ocsp;
    private final TimeStampAuthority tsa;
    private final Map<String, X509Certificate> caCertificates;

    /** @param caCertificates the certificates served under {@code /ca/}, by name ({@code root}, {@code issuing}, {@code tsa}) */
    public CaPkiEndpoints(CrlPublisher crls, OcspResponders ocsp, TimeStampAuthority tsa,
            Map<String, X509Certificate> caCertificates) {
        this.crls = crls;
        this.ocsp = ocsp;
        this.tsa = tsa;
        this.caCertificates = Map.copyOf(caCertificates);
    }

    @Override
    public Optional<byte[]> crl(String issuer) {
        return crls.current(issuer).map(StoredCrl::der);
    }

    @Override
    public byte[] ocsp(byte[] request) {
        return ocsp.respond(request);
    }

    @Override
    public byte[] timestamp(byte[] query) {
        return tsa.respond(query);
    }

    @Override
    public Optional<byte[]> caCertificate(String name) {
        X509Certificate cert = caCertificates.get(name);
        if (cert == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the " + name + " CA certificate", e);
        }
    }
}
