package org.sealpost.server.identity;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.service.CaServices;

/**
 * Issues the certificate of an approved identity request: the requesting device's signing key,
 * the level's profile, the device's address and the reviewed details. Refuses when the device's
 * certificate was revoked since it asked (a lost laptop must not get a better certificate).
 */
public final class IdentityIssuer {
    private final CaServices ca;

    public IdentityIssuer(CaServices ca) {
        this.ca = Objects.requireNonNull(ca, "ca");
    }

    /**
     * @throws IdentityProblem CONFLICT when the device's certificate was revoked; INVALID when the CA
     *                         refuses the details (nothing is issued then)
     */
    X509Certificate issue(IdentityRequest request) throws IdentityProblem {
        var revoked = ca.records().find(new BigInteger(request.deviceSerial(), 16)).flatMap(r -> r.revocation());
        if (revoked.isPresent()) {
            throw IdentityProblem.conflict("the certificate of the device that asked was revoked; ask again from an enrolled device");
        }
        IssuanceRequest issuance = IssuanceRequest.forKey(SubjectPublicKeyInfo.getInstance(request.deviceKey()),
                request.level().profile()).withEmails(List.of(request.address())).withSubject(request.details().attributes());
        try {
            return ca.issuanceFor(request.level().profile()).issue(issuance, "identity:" + request.id()).certificate();
        } catch (CaException.BadRequest | CaException.LintFailure e) {
            throw IdentityProblem.invalid("the CA cannot issue this certificate: " + e.getMessage());
        } catch (CaException e) {
            throw new IdentityProblem(IdentityProblem.Kind.UNAVAILABLE, "the CA cannot issue now: " + e.getMessage());
        }
    }
}
