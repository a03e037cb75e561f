package org.sealpost.tsa;

import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.tsp.TimeStampRequest;

/**
 * Decodes a DER TimeStampReq and checks it against a {@link TsaPolicy}, in the order a client
 * can best act on: format, version, hash algorithm, imprint length, policy, extensions.
 */
final class QueryValidator {
    /** A query is about 100 bytes; anything near this limit is not a query. */
    static final int MAX_QUERY_BYTES = 16 * 1024;

    private final TsaPolicy policy;

    QueryValidator(TsaPolicy policy) {
        this.policy = policy;
    }

    QueryCheck check(byte[] der) {
        Optional<TimeStampRequest> decoded = decode(der);
        if (decoded.isEmpty()) {
            return new QueryCheck.Rejected(PKIFailureInfo.badDataFormat, "the request is not a DER TimeStampReq");
        }
        TimeStampRequest request = decoded.get();
        if (request.getVersion() != 1) {
            return new QueryCheck.Rejected(PKIFailureInfo.badDataFormat, "only TimeStampReq version 1 is supported");
        }
        ASN1ObjectIdentifier oid = request.getMessageImprintAlgOID();
        Optional<ImprintAlgorithm> algorithm = ImprintAlgorithm.forOid(oid)
                .filter(policy.acceptedAlgorithms()::contains);
        if (algorithm.isEmpty() || !absentOrNull(request.getMessageImprintAlgID().getParameters())) {
            return new QueryCheck.Rejected(PKIFailureInfo.badAlg, "message imprint algorithm " + oid.getId()
                    + " is not accepted; use " + accepted());
        }
        int length = request.getMessageImprintDigest().length;
        if (length != algorithm.get().length()) {
            return new QueryCheck.Rejected(PKIFailureInfo.badDataFormat, "a " + algorithm.get().displayName()
                    + " message imprint has " + algorithm.get().length() + " bytes, not " + length);
        }
        ASN1ObjectIdentifier requested = request.getReqPolicy();
        if (requested != null && !requested.equals(policy.policy())) {
            return new QueryCheck.Rejected(PKIFailureInfo.unacceptedPolicy, "policy " + requested.getId()
                    + " is not offered; this TSA issues under " + policy.policy().getId());
        }
        if (request.hasExtensions()) {
            // RFC 3161 2.4.2: an extension the server does not recognise must be refused. It knows none.
            return new QueryCheck.Rejected(PKIFailureInfo.unacceptedExtension, "request extensions are not supported");
        }
        return new QueryCheck.Accepted(request, algorithm.get());
    }

    private String accepted() {
        return policy.acceptedAlgorithms().stream().sorted().map(ImprintAlgorithm::displayName)
                .collect(Collectors.joining(", "));
    }

    private static boolean absentOrNull(ASN1Encodable parameters) {
        return parameters == null || parameters instanceof ASN1Null;
    }

    private static Optional<TimeStampRequest> decode(byte[] der) {
        if (der == null || der.length == 0 || der.length > MAX_QUERY_BYTES) {
            return Optional.empty();
        }
        try {
            // fromByteArray refuses trailing bytes, which TimeStampRequest(byte[]) would ignore.
            TimeStampRequest request = new TimeStampRequest(TimeStampReq.getInstance(ASN1Primitive.fromByteArray(der)));
            // Read every field now so that a bad encoding shows up here, not while signing.
            request.getVersion();
            request.getMessageImprintAlgID();
            request.getMessageImprintDigest();
            request.getReqPolicy();
            request.getNonce();
            request.getCertReq();
            request.getExtensionOIDs();
            return Optional.of(request);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // StackOverflowError: deeply nested garbage can exhaust the parser's recursion; it is
            // bad input like any other, and the stack is intact again once unwound.
            return Optional.empty();
        }
    }
}
