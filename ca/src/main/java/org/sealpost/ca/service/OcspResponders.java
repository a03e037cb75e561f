package org.sealpost.ca.service;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.sealpost.ca.revocation.OcspResponder;

/**
 * One OCSP URL for several CAs: each request goes to the responders in turn until one knows the
 * issuer it names (RFC 6960 {@code unauthorized} means "not my CA").
 */
public final class OcspResponders {
    private final List<OcspResponder> responders;

    /** @param responders the issuing CA's first (it answers nearly every request), then the root's */
    public OcspResponders(List<OcspResponder> responders) {
        if (responders.isEmpty()) {
            throw new IllegalArgumentException("at least one OCSP responder is needed");
        }
        this.responders = List.copyOf(responders);
    }

    /** A DER OCSPResponse for a DER OCSPRequest; never throws for bad input. */
    public byte[] respond(byte[] request) {
        byte[] answer = null;
        for (OcspResponder responder : responders) {
            answer = responder.respond(request);
            if (!unauthorized(answer)) {
                return answer;
            }
        }
        return answer;
    }

    private static boolean unauthorized(byte[] response) {
        try {
            return new OCSPResp(response).getStatus() == OCSPResp.UNAUTHORIZED;
        } catch (IOException e) {
            return false;
        }
    }
}
