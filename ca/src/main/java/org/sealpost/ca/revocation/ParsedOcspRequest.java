package org.sealpost.ca.revocation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * An OCSP request that decoded completely: its CertIDs and the nonce to echo, if any.
 *
 * <p>Decoding is eager, so that a structure error anywhere in the request surfaces here as
 * {@code malformedRequest} instead of as an exception halfway through building the response.
 *
 * @param certIds the CertIDs asked about, in request order (at least one)
 * @param nonce   the request's nonce extension, to be echoed, if present and of sane length
 */
record ParsedOcspRequest(List<CertificateID> certIds, Optional<Extension> nonce) {
    /** Bigger requests are refused: a CertID is under 100 bytes, signatures and certs add a few KiB. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** More CertIDs than this in one request are refused, bounding the work one request can cause. */
    static final int MAX_CERT_IDS = 64;
    /** RFC 8954: nonces of 1 to 32 octets; 34 allows the OCTET STRING wrapper OpenSSL puts around it. */
    private static final int MAX_NONCE_EXTN_VALUE = 34;

    ParsedOcspRequest {
        certIds = List.copyOf(certIds);
    }

    /** The decoded request, or empty when it is malformed in any way OCSP calls malformedRequest. */
    static Optional<ParsedOcspRequest> parse(byte[] der) {
        if (der == null || der.length == 0 || der.length > MAX_REQUEST_BYTES) {
            return Optional.empty();
        }
        try {
            // fromByteArray rejects trailing bytes after the request, which OCSPReq(byte[]) would ignore.
            OCSPRequest request = OCSPRequest.getInstance(ASN1Primitive.fromByteArray(der));
            TBSRequest tbs = request.getTbsRequest();
            if (tbs.getVersion().intValueExact() != 0) {
                return Optional.empty();
            }
            if (hasUnknownCriticalExtension(tbs.getRequestExtensions())) {
                return Optional.empty();
            }
            int n = tbs.getRequestList().size();
            if (n == 0 || n > MAX_CERT_IDS) {
                return Optional.empty();
            }
            List<CertificateID> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Request single = Request.getInstance(tbs.getRequestList().getObjectAt(i));
                if (hasUnknownCriticalExtension(single.getSingleRequestExtensions())) {
                    return Optional.empty();
                }
                CertificateID id = new CertificateID(single.getReqCert());
                // Touch every field now so that a bad encoding is caught here.
                id.getHashAlgOID();
                id.getIssuerNameHash();
                id.getIssuerKeyHash();
                id.getSerialNumber();
                ids.add(id);
            }
            return Optional.of(new ParsedOcspRequest(ids, nonce(tbs.getRequestExtensions())));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // StackOverflowError: deeply nested garbage can exhaust the parser's recursion; it is
            // bad input like any other, and the thread's stack is intact again once unwound.
            return Optional.empty();
        }
    }

    private static Optional<Extension> nonce(Extensions extensions) {
        Extension nonce = extensions == null ? null : extensions.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce == null) {
            return Optional.empty();
        }
        int length = nonce.getExtnValue().getOctets().length;
        if (length < 1 || length > MAX_NONCE_EXTN_VALUE) {
            // RFC 8954 section 2.1 lets a responder answer without the nonce when it is too long;
            // echoing arbitrarily long nonces would let clients inflate signed responses.
            return Optional.empty();
        }
        return Optional.of(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce.getExtnValue()));
    }

    /** Only the nonce is understood; an unknown critical extension must not be silently ignored. */
    private static boolean hasUnknownCriticalExtension(Extensions extensions) {
        if (extensions == null) {
            return false;
        }
        for (var oid : extensions.getCriticalExtensionOIDs()) {
            if (!oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)) {
                return true;
            }
        }
        return false;
    }
}
