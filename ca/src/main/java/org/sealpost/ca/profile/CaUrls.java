package org.sealpost.ca.profile;

import java.net.URI;
import java.util.Objects;

/**
 * Where relying parties fetch revocation data and issuer certificates. SBR 7.1.2.3 wants plain HTTP
 * for both: a client checking a certificate cannot yet trust TLS for the same PKI.
 *
 * @param base the service's public base URL, e.g. {@code http://localhost:8080}; a trailing slash is dropped
 */
public record CaUrls(String base) {
    public CaUrls {
        Objects.requireNonNull(base, "base");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(base);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("CA base URL is not a URL: " + base, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("CA base URL must be http://host[:port][/path] (SBR requires plain HTTP "
                    + "for CRL and AIA URLs): " + base);
        }
    }

    /** CRL distribution point of the CA called {@code issuerName} (e.g. {@code issuing}, {@code root}). */
    public String crl(String issuerName) {
        return base + "/crl/" + checked(issuerName) + ".crl";
    }

    /** The OCSP responder. */
    public String ocsp() {
        return base + "/ocsp";
    }

    /** DER certificate of the CA called {@code issuerName}, for AIA caIssuers. */
    public String caIssuers(String issuerName) {
        return base + "/ca/" + checked(issuerName) + ".cer";
    }

    private static String checked(String issuerName) {
        if (!issuerName.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("issuer name must be lower-case letters, digits and '-': " + issuerName);
        }
        return issuerName;
    }
}
