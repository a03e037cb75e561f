package org.sealpost.server.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.sealpost.core.auth.DeviceTokenFormat;

/**
 * Reads an {@code Authorization} header into a {@link PresentedToken}: the scheme, the compact JWS,
 * a header on the allow-list with the right type and exactly one certificate, and a JSON claims set.
 * Nothing it reads is trusted yet.
 */
final class TokenParser {
    /** Tokens are 2 to 4 KB (the certificate, base64 twice, is most of it); Jetty caps all headers at 8 KB. */
    static final int MAX_TOKEN_LENGTH = 8 * 1024;
    // The signature may be empty: an unsecured ("alg": "none") token is then refused by name.
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final String PREFIX = DeviceTokenFormat.SCHEME.toLowerCase(Locale.ROOT) + " ";

    PresentedToken parse(String authorization) throws Refusal {
        if (authorization == null || authorization.isBlank()) {
            throw new Refusal(RefusalReason.MISSING, "no Authorization header: send 'Authorization: "
                    + DeviceTokenFormat.SCHEME + " <device token>'");
        }
        // RFC 9110 section 11.1: the scheme is case-insensitive.
        if (!authorization.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw malformed("the Authorization header does not use the " + DeviceTokenFormat.SCHEME + " scheme");
        }
        String token = authorization.substring(PREFIX.length()).strip();
        if (token.length() > MAX_TOKEN_LENGTH || !COMPACT_JWS.matcher(token).matches()) {
            throw malformed("the token is not a compact JWS (three base64url parts)");
        }
        JWSHeader header = header(token.substring(0, token.indexOf('.')));
        X509Certificate certificate = certificate(header.getX509CertChain());
        JWSObject jws;
        JWTClaimsSet claims;
        try {
            jws = JWSObject.parse(token);
            Map<String, Object> json = jws.getPayload().toJSONObject();
            if (json == null) {
                throw malformed("the token's payload is not a JSON object");
            }
            claims = JWTClaimsSet.parse(json);
        } catch (ParseException | RuntimeException e) {
            // The input is entirely the caller's: whatever the parser trips over is a malformed token.
            throw malformed("the token cannot be read" + detail(e));
        }
        return new PresentedToken(jws, certificate, claims);
    }

    private static JWSHeader header(String encoded) throws Refusal {
        Header header;
        try {
            header = Header.parse(new Base64URL(encoded));
        } catch (ParseException | RuntimeException e) {
            throw malformed("the token's header cannot be read" + detail(e));
        }
        if (!(header instanceof JWSHeader jws)) {
            // alg "none" parses as an unsecured (plain) header: refused by name, not by accident.
            throw new Refusal(RefusalReason.UNSUPPORTED_ALGORITHM, "the token's algorithm "
                    + header.getAlgorithm() + " is not accepted; use one of " + DeviceTokenFormat.ALGORITHMS);
        }
        if (!DeviceTokenFormat.ALGORITHMS.contains(jws.getAlgorithm())) {
            throw new Refusal(RefusalReason.UNSUPPORTED_ALGORITHM, "the token's algorithm "
                    + jws.getAlgorithm() + " is not accepted; use one of " + DeviceTokenFormat.ALGORITHMS);
        }
        if (!DeviceTokenFormat.TYPE.equals(jws.getType())) {
            throw malformed("the token's typ must be " + DeviceTokenFormat.TYPE + ", not " + jws.getType());
        }
        if (jws.getCriticalParams() != null && !jws.getCriticalParams().isEmpty()) {
            throw malformed("the token names critical header parameters " + jws.getCriticalParams()
                    + "; none are understood");
        }
        return jws;
    }

    private static X509Certificate certificate(List<Base64> chain) throws Refusal {
        if (chain == null || chain.size() != 1) {
            throw malformed("the token's x5c header must hold exactly the device certificate");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(chain.get(0).decode()));
        } catch (CertificateException | RuntimeException e) {
            throw malformed("the token's x5c certificate cannot be read");
        }
    }

    /**
     * The parser's own words on what is wrong, which help a client's developer; shortened and kept to
     * printable ASCII, since they may quote the input and end up in logs.
     */
    private static String detail(Exception e) {
        if (!(e instanceof ParseException) || e.getMessage() == null) {
            return "";
        }
        String printable = e.getMessage().replaceAll("[^\\x20-\\x7e]", "?");
        return ": " + (printable.length() > 160 ? printable.substring(0, 160) + "..." : printable);
    }

    private static Refusal malformed(String message) {
        return new Refusal(RefusalReason.MALFORMED, message);
    }
}
