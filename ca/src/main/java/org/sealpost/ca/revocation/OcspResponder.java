package org.sealpost.ca.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * An RFC 6960 OCSP responder for one CA, signing responses directly with the CA key (no delegated
 * responder certificate). Transport-neutral: the HTTP layer passes the DER request (from a POST
 * body or a base64-decoded GET path) and sends back the bytes this returns as
 * {@code application/ocsp-response}.
 *
 * <p>Outcomes:
 * <ul>
 *   <li>undecodable bytes, trailing data, a version other than v1, an empty request list, more than
 *       64 CertIDs, or an unknown critical extension: {@code malformedRequest};</li>
 *   <li>no CertID names this CA: {@code unauthorized}, as RFC 6960 section 2.3 (citing RFC 5019
 *       section 2.2.3) prescribes when the responder cannot answer authoritatively;</li>
 *   <li>otherwise {@code successful} with one SingleResponse per CertID, in request order: the
 *       status from the {@link CertificateStatusSource} for CertIDs of this CA, {@code unknown} for
 *       CertIDs of another issuer or with a hash other than SHA-1/256/384/512 (RFC 6960 section
 *       2.2: "unknown ... usually because the request indicates an unrecognized issuer");</li>
 *   <li>the status source or the signing key failing: {@code internalError}.</li>
 * </ul>
 * A request signature is accepted but not verified: the answers are public. The nonce is echoed.
 * The responder ID is byKey. No certificates are included in the response: the CA signs directly,
 * and a client that could build the CertID already holds the CA certificate, so including it would
 * only add a kilobyte to every response.
 *
 * <p>Thread-safe when the status source is. {@link #respond} never throws.
 */
public final class OcspResponder {
    private final RevocationSigner signer;
    private final CertificateStatusSource statuses;
    private final Clock clock;
    private final Duration validity;
    private final IssuerMatcher issuer;
    private final RespID responderId;

    /**
     * @param signer   the issuing CA whose certificates this responder answers for
     * @param statuses the CA's certificate database
     * @param clock    source of thisUpdate and producedAt
     * @param validity how long a response may be cached: nextUpdate = thisUpdate + validity
     *                 (the S/MIME BR allow at most 10 days; 1 day is typical)
     */
    public OcspResponder(RevocationSigner signer, CertificateStatusSource statuses, Clock clock, Duration validity) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("the response validity must be positive, got " + validity);
        }
        this.issuer = new IssuerMatcher(signer.certificate());
        this.responderId = new RespID(new ResponderID(new DEROctetString(KeyIdentifiers.keyHash(signer.certificate()))));
    }

    /**
     * Answers a DER OCSPRequest with a DER OCSPResponse. Never throws: every failure becomes an
     * OCSP error status.
     */
    public byte[] respond(byte[] requestDer) {
        try {
            return ParsedOcspRequest.parse(requestDer)
                    .map(this::answer)
                    .orElseGet(() -> error(OCSPResponseStatus.MALFORMED_REQUEST));
        } catch (RuntimeException e) {
            // Status source or HSM failure. Not the client's fault and not to be guessed around.
            return error(OCSPResponseStatus.INTERNAL_ERROR);
        }
    }

    private byte[] answer(ParsedOcspRequest request) {
        boolean anyOurs = request.certIds().stream().anyMatch(issuer::matches);
        if (!anyOurs) {
            return error(OCSPResponseStatus.UNAUTHORIZED);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(validity));
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
        for (CertificateID id : request.certIds()) {
            org.bouncycastle.cert.ocsp.CertificateStatus status = issuer.matches(id)
                    ? toOcsp(lookup(id.getSerialNumber()))
                    : new UnknownStatus();
            // The CertID is echoed exactly as asked (same hash algorithm), as RFC 6960 4.2.1 requires.
            builder.addResponse(id, status, thisUpdate, nextUpdate, null);
        }
        request.nonce().ifPresent(n -> builder.setResponseExtensions(new Extensions(n)));
        try {
            BasicOCSPResp basic = builder.build(signer.contentSigner(), new X509CertificateHolder[0], thisUpdate);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | IOException e) {
            return error(OCSPResponseStatus.INTERNAL_ERROR);
        }
    }

    private CertificateStatus lookup(BigInteger serial) {
        CertificateStatus status = statuses.status(serial);
        if (status == null) {
            throw new IllegalStateException("the certificate status source returned null");
        }
        return status;
    }

    private static org.bouncycastle.cert.ocsp.CertificateStatus toOcsp(CertificateStatus status) {
        return switch (status) {
            case CertificateStatus.Good g -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
            case CertificateStatus.Unknown u -> new UnknownStatus();
            case CertificateStatus.Revoked r -> {
                Date at = Date.from(r.at().truncatedTo(ChronoUnit.SECONDS));
                // As in CRLs, unspecified is expressed by leaving the reason out.
                yield r.reason() == RevocationReason.UNSPECIFIED
                        ? new RevokedStatus(at)
                        : new RevokedStatus(at, r.reason().code());
            }
        };
    }

    private static byte[] error(int status) {
        try {
            return new OCSPResp(new OCSPResponse(new OCSPResponseStatus(status), null)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a fixed OCSP error response", e);
        }
    }
}
