package org.sealpost.server.auth;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.cert.X509Certificate;

/**
 * A token as the device sent it, parsed but not yet trusted in any part.
 *
 * @param jws         the signed object
 * @param certificate the certificate from its {@code x5c} header
 * @param claims      its payload
 */
record PresentedToken(JWSObject jws, X509Certificate certificate, JWTClaimsSet claims) {
}
